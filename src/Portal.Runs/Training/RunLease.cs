using System.Globalization;
using Microsoft.Extensions.Options;

namespace Portal.Runs.Training;

/// <summary>The cancel flag and compute seconds the holder reads back after each renewal.</summary>
public readonly record struct LeaseState(bool CancelRequested, double ComputeSeconds);

/// <summary>
/// The run row as its lease holder writes it: claim, renew with progress, finish, give back. Every write after the
/// claim is conditional on still holding the lease, so a host that lost it never overwrites its successor. Queued
/// curve points and log lines go in with each write.
/// </summary>
public sealed class RunLease(
    IDbContextFactory<PortalDbContext> dbFactory, IOptions<RunOptions> options, TimeProvider clock, ChangeFeed changes)
{
    /// <summary>Claims a Queued run, or a Running one whose lease expired, unless it is cancelled.</summary>
    public async Task<bool> ClaimAsync(Guid runId, string holder, string host, string device)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var now = clock.GetUtcNow();
        var expires = now + options.Value.Lease;
        var claimed = await db.Runs
            .Where(r => r.Id == runId && !r.CancelRequested && (
                r.Status == RunStatus.Queued || (r.Status == RunStatus.Running && r.LeaseExpiresAt < now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Running)
                .SetProperty(r => r.LeaseHolder, holder)
                .SetProperty(r => r.LeaseExpiresAt, expires)
                .SetProperty(r => r.Host, host)
                .SetProperty(r => r.Device, device)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                .SetProperty(r => r.StartedAt, r => r.StartedAt ?? now), CancellationToken.None);
        if (claimed == 1)
        {
            changes.Run(runId);
        }

        return claimed == 1;
    }

    /// <summary>Renews the lease, charges the seconds, writes progress, metrics and log lines; null when the lease is lost.</summary>
    public async Task<LeaseState?> RenewAsync(Guid runId, string holder, RunMonitor monitor, double seconds)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var now = clock.GetUtcNow();
        var expires = now + options.Value.Lease;
        var p = monitor.Latest;
        var updated = await db.Runs.Where(r => r.Id == runId && r.LeaseHolder == holder && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(r => r.LeaseExpiresAt, expires).SetProperty(r => r.ComputeSeconds, r => r.ComputeSeconds + seconds);
                if (p is not null)
                {
                    s.SetProperty(r => r.Phase, p.Phase).SetProperty(r => r.Epoch, p.Epoch).SetProperty(r => r.Epochs, p.Epochs)
                        .SetProperty(r => r.Step, p.Step).SetProperty(r => r.StepsPerEpoch, p.StepsPerEpoch)
                        .SetProperty(r => r.EtaSeconds, p.Remaining.HasValue ? p.Remaining.Value.TotalSeconds : null);
                }
            }, CancellationToken.None);
        if (updated == 0)
        {
            return null;
        }

        AddQueued(db, runId, monitor, now);
        await db.SaveChangesAsync(CancellationToken.None);
        changes.Run(runId);
        var state = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => new { r.CancelRequested, r.ComputeSeconds })
            .FirstAsync(CancellationToken.None);
        return new LeaseState(state.CancelRequested, state.ComputeSeconds);
    }

    /// <summary>Records the outcome and lets the lease go; false when another host holds the run by now.</summary>
    public async Task<bool> FinishAsync(
        Guid runId, string holder, RunMonitor monitor, RunStatus status, string? code, string? message, string? resultJson,
            string? modelPath)
    {
        if (message is not null)
        {
            monitor.Log($"Failed: {message}");
        }
        else if (status == RunStatus.Cancelled)
        {
            monitor.Log("Cancelled. The metrics and checkpoint so far are kept.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var now = clock.GetUtcNow();
        var updated = await db.Runs.Where(r => r.Id == runId && r.LeaseHolder == holder)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.LeaseHolder, (string?)null)
                .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
                .SetProperty(r => r.ErrorCode, code)
                .SetProperty(r => r.ErrorMessage, message)
                .SetProperty(r => r.ResultJson, resultJson)
                .SetProperty(r => r.ModelPath, modelPath)
                .SetProperty(r => r.EtaSeconds, (double?)null), CancellationToken.None);
        if (updated == 1)
        {
            AddQueued(db, runId, monitor, now);
            await db.SaveChangesAsync(CancellationToken.None);
            changes.Run(runId);
        }

        return updated == 1;
    }

    /// <summary>Puts a Running run this holder owns back to Queued; false when it holds it no longer.</summary>
    public async Task<bool> ReleaseAsync(Guid runId, string holder, RunMonitor monitor)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var released = await db.Runs.Where(r => r.Id == runId && r.LeaseHolder == holder && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Queued)
                .SetProperty(r => r.LeaseHolder, (string?)null)
                .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null), CancellationToken.None);
        if (released == 1)
        {
            AddQueued(db, runId, monitor, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            changes.Run(runId);
        }

        return released == 1;
    }

    private static void AddQueued(PortalDbContext db, Guid runId, RunMonitor monitor, DateTimeOffset now)
    {
        while (monitor.Epochs.TryDequeue(out var e))
        {
            var prefix = e.Phase is null ? string.Empty : e.Phase + ".";
            db.RunMetrics.AddRange(
                new RunMetric { RunId = runId, Step = e.Epoch, Name = prefix + "train_loss", Value = Finite(e.TrainLoss) },
                new RunMetric { RunId = runId, Step = e.Epoch, Name = prefix + "validation_loss", Value = Finite(e.ValidationLoss) },
                new RunMetric { RunId = runId, Step = e.Epoch, Name = prefix + "learning_rate", Value = Finite(e.LearningRate) });
            monitor.Log(string.Create(CultureInfo.InvariantCulture,
                $"Epoch {e.Epoch}{(e.Phase is null ? "" : $" ({e.Phase})")}: training loss {e.TrainLoss:G4}, validation loss " +
                $"{e.ValidationLoss:G4}."));
        }

        while (monitor.Lines.TryDequeue(out var line))
        {
            db.RunLogLines.Add(
                new RunLogLine { RunId = runId, At = line.At ?? now, Message = line.Message.Length > 2000 ? line.Message[..2000]
                    : line.Message });
        }
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : double.MaxValue;
}
