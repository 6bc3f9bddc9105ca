using System.Data;
using System.Data.Common;
using Portal.Core.Features.Administration;

namespace Portal.Runs.Starting;

/// <summary>Counts a user's active runs and this month's minutes and inserts the new run in one serializable transaction.</summary>
public sealed class RunQuota(IDbContextFactory<PortalDbContext> dbFactory, QuotaService quotas, TimeProvider clock)
{
    /// <returns>Null when the run was stored; otherwise the limit it would exceed (nothing stored).</returns>
    public async Task<RunProblem?> ReserveAsync(Run run, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryReserveAsync(run, cancellationToken);
            }
            catch (Exception ex) when (attempt < 10 && IsSerializationConflict(ex))
            {
                // Another submit won the race: count again.
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt + Random.Shared.Next(30)), cancellationToken);
            }
        }
    }

    private async Task<RunProblem?> TryReserveAsync(Run run, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var limits = await quotas.LimitsAsync(db, run.OwnerId, cancellationToken);
        var active = await db.Runs.CountAsync(
            r => r.OwnerId == run.OwnerId && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running), cancellationToken);
        if (active >= limits.MaxActiveRuns)
        {
            return new RunProblem("Quota", "Quota.ActiveRuns",
                $"You already have {active} runs queued or running, the most allowed at once ({limits.MaxActiveRuns}). "
                + "Wait for one to finish or cancel one.", active, limits.MaxActiveRuns);
        }

        var usedMinutes = await QuotaService.ComputeMinutesThisMonthAsync(db, run.OwnerId, clock.GetUtcNow(), cancellationToken);
        if (usedMinutes >= limits.ComputeMinutesPerMonth)
        {
            return new RunProblem("Quota", "Quota.ComputeMinutes",
                $"You have used your {limits.ComputeMinutesPerMonth} compute minutes for this month.", limits.ComputeMinutesPerMonth);
        }

        db.Runs.Add(run);
        db.RunLogLines.Add(new RunLogLine { RunId = run.Id, At = run.CreatedAt, Message = $"Queued on the {run.Queue} queue." });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>PostgreSQL (40001), SQL Server (1205 deadlock) and SQLite (busy) report a lost race in a serializable
    /// transaction.</summary>
    internal static bool IsSerializationConflict(Exception ex)
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            if (e is DbException db && (db.SqlState is "40001" or "40P01" || db.ErrorCode == 1205
                || db.Message.Contains("database is locked", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
