using Microsoft.Extensions.Options;
using Portal.Core.Features.Jobs;
using Portal.Jobs.Hosting;

namespace Portal.Web.Features.Jobs;

public static class InProcessWorkerExtensions
{
    /// <summary>Embedded mode (Worker:InProcess=true): the portal runs a job server itself. Otherwise it only enqueues.</summary>
    public static WebApplicationBuilder AddPortalInProcessWorker(this WebApplicationBuilder builder)
    {
        var worker = builder.Configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>() ?? new WorkerOptions();
        if (worker.InProcess)
        {
            builder.AddPortalJobServer();
        }
        else
        {
            var engine = builder.Configuration.GetSection(JobEngineOptions.SectionName).Get<JobEngineOptions>() ?? new JobEngineOptions();
            if (engine.Storage == JobStorageKind.InMemory)
            {
                throw new InvalidOperationException(
                    "Worker:InProcess=false needs shared job storage (Hangfire:Storage = SqlServer or PostgreSql); with InMemory no " +
                    "worker could ever see the jobs.");
            }

            builder.Services.AddHostedService<RemoteWorkersNotice>();
        }

        return builder;
    }
}

/// <summary>Says at start that this portal trains nothing itself, so an operator looks for worker hosts instead.</summary>
internal sealed class RemoteWorkersNotice(IOptions<JobEngineOptions> engine, ILogger<RemoteWorkersNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation(
            "This portal only enqueues jobs ({Storage} job storage); training runs on separate worker hosts (Portal.Worker).",
                engine.Value.Storage);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
