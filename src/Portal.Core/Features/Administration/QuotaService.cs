using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Runs;

namespace Portal.Core.Features.Administration;

/// <summary>The limits that apply to one user: an administrator's override where there is one, else the configured default.</summary>
public sealed record QuotaLimits(long StorageBytes, long MaxUploadBytes, int MaxActiveRuns, int ComputeMinutesPerMonth, int MaxRunMinutes);

/// <summary>What a user uses now, next to the limits (for the quota bars).</summary>
public sealed record QuotaUsage(QuotaLimits Limits, long StorageBytes, int ActiveRuns, double ComputeMinutesThisMonth);

public sealed class QuotaService(
    IDbContextFactory<PortalDbContext> dbFactory, IOptions<DatasetOptions> datasets, IOptions<RunOptions> runs, TimeProvider clock,
    AccountAudit audit)
{
    public QuotaLimits Defaults => new(
        datasets.Value.StorageQuotaBytes, datasets.Value.MaxUploadBytes, runs.Value.MaxActiveRunsPerUser, runs.Value.ComputeMinutesPerMonth,
            runs.Value.MaxRunMinutes);

    public async Task<QuotaLimits> LimitsAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await LimitsAsync(db, userId, cancellationToken);
    }

    /// <summary>Within the caller's transaction, so a quota check and the insert it guards see the same limits.</summary>
    public async Task<QuotaLimits> LimitsAsync(PortalDbContext db, string userId, CancellationToken cancellationToken = default)
    {
        var o = await db.UserQuotas.AsNoTracking().FirstOrDefaultAsync(q => q.UserId == userId, cancellationToken);
        var d = Defaults;
        return o is null ? d : new QuotaLimits(
            o.StorageBytes ?? d.StorageBytes, o.MaxUploadBytes ?? d.MaxUploadBytes, o.MaxActiveRuns ?? d.MaxActiveRuns,
            o.ComputeMinutesPerMonth ?? d.ComputeMinutesPerMonth, o.MaxRunMinutes ?? d.MaxRunMinutes);
    }

    public async Task<UserQuota> OverridesAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserQuotas.AsNoTracking().FirstOrDefaultAsync(q => q.UserId == userId, cancellationToken)
            ?? new UserQuota { UserId = userId };
    }

    /// <summary>Saves an administrator's overrides (nulls mean "the default"); negative or zero limits are refused. Audited.</summary>
    public async Task<bool> SetOverridesAsync(string actorId, UserQuota overrides, CancellationToken cancellationToken = default)
    {
        var saved = await SaveOverridesAsync(overrides, cancellationToken);
        var detail = saved ? Describe(overrides) : "Admin.QuotaInvalid";
        await audit.Log.RecordAsync(
            AuditActions.QuotaChange, actorId, await audit.EmailOfAsync(overrides.UserId), saved, detail, AuditOutcome.Denied);
        return saved;
    }

    private static string Describe(UserQuota q) =>
        $"storage {Value(q.StorageBytes / (1024 * 1024))} MB, upload {Value(q.MaxUploadBytes / (1024 * 1024))} MB, "
        + $"runs {Value(q.MaxActiveRuns)}, minutes {Value(q.ComputeMinutesPerMonth)}, run {Value(q.MaxRunMinutes)} min";

    private static string Value(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default";

    private async Task<bool> SaveOverridesAsync(UserQuota overrides, CancellationToken cancellationToken)
    {
        if (overrides.StorageBytes < 0 || overrides.MaxUploadBytes < 1 || overrides.MaxActiveRuns < 0
            || overrides.ComputeMinutesPerMonth < 0 || overrides.MaxRunMinutes < 1)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.UserQuotas.FirstOrDefaultAsync(q => q.UserId == overrides.UserId, cancellationToken);
        if (existing is null)
        {
            db.UserQuotas.Add(overrides);
        }
        else
        {
            db.Entry(existing).CurrentValues.SetValues(overrides);
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<QuotaUsage> UsageAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var limits = await LimitsAsync(db, userId, cancellationToken);
        var storage = await db.Datasets.Where(d => d.OwnerId == userId).SumAsync(d => d.SizeBytes, cancellationToken);
        var active = await db.Runs.CountAsync(
            r => r.OwnerId == userId && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running), cancellationToken);
        var minutes = await ComputeMinutesThisMonthAsync(db, userId, clock.GetUtcNow(), cancellationToken);
        return new QuotaUsage(limits, storage, active, minutes);
    }

    public static async Task<double> ComputeMinutesThisMonthAsync(
        PortalDbContext db, string ownerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var monthStart = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var seconds = await db.Runs.Where(r => r.OwnerId == ownerId && r.StartedAt != null && r.StartedAt >= monthStart)
            .Select(r => r.ComputeSeconds).ToListAsync(cancellationToken); // summed here: one provider-neutral query
        return seconds.Sum() / 60;
    }
}
