using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Hosting;

namespace Portal.Runs.Training;

/// <summary>
/// Makes sure no run is silently lost. At start it enqueues every Queued run again (in-memory job storage loses its
/// queue on restart; with shared storage a duplicate job finds the run claimed and does nothing). Then, every third
/// of a lease, it returns Running runs whose host stopped renewing the lease to the queue, where any host resumes
/// them from their last checkpoint; after too many attempts such a run fails with a message instead.
/// </summary>
public sealed class RunRecoveryService(
    IServiceScopeFactory scopes, IOptions<RunOptions> options, TimeProvider clock, ILogger<RunRecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.LeaseSeconds / 3.0));
        await RecoveryLoop.RunAsync(
            (requeueWaiting, token) => SweepAsync(requeueWaiting, token), interval, clock, logger, "run", stoppingToken);
    }

    public async Task SweepAsync(bool requeueWaiting, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(
            cancellationToken);
        await using var _ = db;
        var dispatcher = scope.ServiceProvider.GetRequiredService<RunDispatcher>();
        var now = clock.GetUtcNow();

        if (requeueWaiting)
        {
            var waiting = await db.Runs.AsNoTracking().Where(r => r.Status == RunStatus.Queued).OrderBy(r => r.CreatedAt).Select(
                r => new { r.Id, r.Queue }).ToListAsync(cancellationToken);
            foreach (var run in waiting)
            {
                dispatcher.Enqueue(run.Id, run.Queue);
            }

            if (waiting.Count > 0)
            {
                logger.LogInformation("Enqueued {Count} queued runs again at start.", waiting.Count);
            }
        }

        var stale = await db.Runs.AsNoTracking().Where(r => r.Status == RunStatus.Running && r.LeaseExpiresAt < now)
            .Select(r => new { r.Id, r.Queue, r.Host, r.Attempts, r.LeaseHolder }).ToListAsync(cancellationToken);
        foreach (var run in stale)
        {
            var giveUp = run.Attempts >= options.Value.MaxAttempts;
            var changed = await db.Runs.Where(
                r => r.Id == run.Id && r.Status == RunStatus.Running && r.LeaseHolder == run.LeaseHolder && r.LeaseExpiresAt < now)
                .ExecuteUpdateAsync(s =>
                {
                    s.SetProperty(r => r.LeaseHolder, (string?)null).SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null);
                    if (giveUp)
                    {
                        s.SetProperty(r => r.Status, RunStatus.Failed).SetProperty(r => r.FinishedAt, now)
                            .SetProperty(r => r.ErrorCode, "Run.HostLost")
                            .SetProperty(r => r.ErrorMessage, $"The run lost its host {run.Attempts} times; it was not tried again.");
                    }
                    else
                    {
                        s.SetProperty(r => r.Status, RunStatus.Queued);
                    }
                }, cancellationToken);
            if (changed == 0)
            {
                continue; // renewed or taken over in the meantime
            }

            db.RunLogLines.Add(new RunLogLine
            {
                RunId = run.Id,
                At = now,
                Message = giveUp
                    ? $"Host {run.Host} stopped responding; the run lost its host {run.Attempts} times and is not tried again."
                    : $"Host {run.Host} stopped responding; the run goes back to the queue and resumes from its last checkpoint.",
            });
            await db.SaveChangesAsync(cancellationToken);
            scope.ServiceProvider.GetRequiredService<ChangeFeed>().Run(run.Id);
            if (!giveUp)
            {
                dispatcher.Enqueue(run.Id, run.Queue);
            }

            logger.LogWarning(
                "Run {RunId}: host {Host} stopped renewing its lease; {Action}.", run.Id, run.Host, giveUp ? "failed" : "enqueued again");
        }
    }
}
