using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Jobs;
using Portal.Core.Features.Runs;
using Portal.Core.Features.Storage;
using Portal.Core.Hosting;
using Portal.Runs.Scoring;
namespace Portal.Jobs.Hosting;

/// <summary>
/// File scorings and background dataset checks are never left Queued, Running or Checking for ever (ADR 0012). At start
/// every waiting one is enqueued again (in-memory job storage forgets its queue on restart); then, every third of a lease
/// (Runs:LeaseSeconds),
/// one whose worker stopped renewing its lease is enqueued again, or after Runs:MaxAttempts attempts ends Failed with the reason.
/// </summary>
public sealed class WorkRecoveryService(
    IServiceScopeFactory scopes, IOptions<RunOptions> runs, TimeProvider clock, ILogger<WorkRecoveryService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        RecoveryLoop.RunAsync(
            (requeueWaiting, token) => SweepAsync(requeueWaiting, token), runs.Value.Lease / 3, clock, logger, "background-work",
                stoppingToken);

    public async Task SweepAsync(bool requeueWaiting, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(
            cancellationToken);
        var work = scope.ServiceProvider.GetRequiredService<IBackgroundWork>();
        var now = clock.GetUtcNow();
        await RecoverScoringAsync(db, work, now, requeueWaiting, cancellationToken);
        await RecoverChecksAsync(
            db, work, scope.ServiceProvider.GetRequiredService<ArtefactStore>(), now, requeueWaiting, cancellationToken);
    }

    private async Task RecoverScoringAsync(
        PortalDbContext db, IBackgroundWork work, DateTimeOffset now, bool requeueWaiting, CancellationToken cancellationToken)
    {
        var lost = await db.ScoringTasks.AsNoTracking()
            .Where(t => (requeueWaiting && t.Status == ScoringStatus.Queued)
                || (t.Status == ScoringStatus.Running && (t.LeaseExpiresAt == null || t.LeaseExpiresAt < now)))
            .Select(t => new { t.Id, t.Status, t.Attempts })
            .ToListAsync(cancellationToken);
        foreach (var task in lost)
        {
            var giveUp = task.Status == ScoringStatus.Running && task.Attempts >= runs.Value.MaxAttempts;
            var changed = await db.ScoringTasks
                .Where(t => t.Id == task.Id && t.Status == task.Status
                    && (t.Status == ScoringStatus.Queued || t.LeaseExpiresAt == null || t.LeaseExpiresAt < now))
                .ExecuteUpdateAsync(s =>
                {
                    s.SetProperty(t => t.LeaseExpiresAt, (DateTimeOffset?)null);
                    if (giveUp)
                    {
                        s.SetProperty(t => t.Status, ScoringStatus.Failed).SetProperty(t => t.FinishedAt, now).SetProperty(
                            t => t.Progress, 1)
                            .SetProperty(
                                t => t.Error,
                                    $"Scoring was interrupted {task.Attempts} times (the worker stopped); it was not tried again.");
                    }
                    else
                    {
                        s.SetProperty(t => t.Status, ScoringStatus.Queued);
                    }
                }, cancellationToken);
            if (changed > 0 && !giveUp)
            {
                work.Score(task.Id);
            }

            if (changed > 0 && task.Status == ScoringStatus.Running)
            {
                logger.LogWarning("Scoring task {TaskId} lost its worker; {Action}.", task.Id, giveUp ? "failed" : "enqueued again");
            }
        }
    }

    private async Task RecoverChecksAsync(
        PortalDbContext db, IBackgroundWork work, ArtefactStore store, DateTimeOffset now, bool requeueWaiting,
            CancellationToken cancellationToken)
    {
        var lost = await db.Datasets.AsNoTracking()
            .Where(d => d.Status == DatasetStatus.Checking
                && ((requeueWaiting && d.CheckLeaseExpiresAt == null) || d.CheckLeaseExpiresAt < now))
            .ToListAsync(cancellationToken);
        foreach (var dataset in lost)
        {
            if (dataset.CheckAttempts >= runs.Value.MaxAttempts)
            {
                await DatasetCheckService.FailAsync(
                    db, store, dataset, UploadProblem.CheckInterrupted(dataset.CheckAttempts), cancellationToken);
                logger.LogWarning(
                    "The check of dataset {DatasetId} lost its worker {Attempts} times; it failed.", dataset.Id, dataset.CheckAttempts);
                continue;
            }

            await db.Datasets.Where(d => d.Id == dataset.Id && d.Status == DatasetStatus.Checking)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.CheckLeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
            work.CheckDataset(dataset.Id);
        }
    }
}
