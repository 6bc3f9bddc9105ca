using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Jobs;

namespace Portal.Web.Features.Health;

/// <summary>Job storage reachable, which servers are alive (heartbeat within a minute) and how long each queue is.</summary>
public sealed class JobEngineHealthCheck(
    JobStorage storage, IOptions<JobEngineOptions> engine, IOptions<WorkerOptions> worker, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var monitoring = storage.GetMonitoringApi();
            var now = clock.GetUtcNow().UtcDateTime;
            var servers = monitoring.Servers()
                .Where(s => s.Heartbeat is { } beat && now - beat < TimeSpan.FromMinutes(1))
                .OrderBy(s => s.Queues.SequenceEqual([JobQueues.Interactive])) // training servers first, their interactive slots after
                .Select(s => new { name = s.Name, queues = s.Queues, workers = s.WorkersCount })
                .ToList();
            var queues = monitoring.Queues().Select(q => new { name = q.Name, length = q.Length, fetched = q.Fetched }).ToList();
            var data = new Dictionary<string, object>
            {
                ["storage"] = engine.Value.Storage.ToString(),
                ["inProcessWorker"] = worker.Value.InProcess,
                ["servers"] = servers,
                ["queues"] = queues,
                ["succeeded"] = monitoring.SucceededListCount(),
                ["failed"] = monitoring.FailedCount(),
            };

            if (servers.Count == 0)
            {
                // The embedded worker should always be there; with separate workers, none online means jobs wait.
                return Task.FromResult(worker.Value.InProcess
                    ? HealthCheckResult.Unhealthy("The in-process job server is not running.", data: data)
                    : HealthCheckResult.Degraded("No worker host is online; queued jobs will wait.", data: data));
            }

            return Task.FromResult(HealthCheckResult.Healthy($"{servers.Count} job server(s) online.", data));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The job storage cannot be reached."));
        }
    }
}
