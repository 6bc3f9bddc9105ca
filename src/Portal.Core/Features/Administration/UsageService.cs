using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Runs;

namespace Portal.Core.Features.Administration;

/// <summary>One user's use in one calendar month (UTC): bytes uploaded, compute minutes, runs started.</summary>
public sealed record MonthlyUsage(string UserId, string Email, string Month, long UploadedBytes, double ComputeMinutes, int Runs);

public sealed record UsageReport(
    IReadOnlyList<MonthlyUsage> ByUserAndMonth, IReadOnlyDictionary<string, long> StorageByUser,
        IReadOnlyDictionary<RunStatus, int> RunsByStatus);

/// <summary>Storage and compute by user and month, and runs by status, for administrators.</summary>
public sealed class UsageService(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<UsageReport> ReportAsync(DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var emails = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);
        var uploads = await db.Datasets.AsNoTracking().Where(d => d.CreatedAt >= from).Select(
            d => new { d.OwnerId, d.CreatedAt, d.SizeBytes }).ToListAsync(cancellationToken);
        var runs = await db.Runs.AsNoTracking().Where(r => r.CreatedAt >= from).Select(
            r => new { r.OwnerId, r.CreatedAt, r.StartedAt, r.ComputeSeconds }).ToListAsync(cancellationToken);
        var storage = await db.Datasets.AsNoTracking().GroupBy(d => d.OwnerId).Select(g => new { g.Key, Bytes = g.Sum(d => d.SizeBytes) })
            .ToListAsync(cancellationToken);
        var statuses = await db.Runs.AsNoTracking().GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(
            cancellationToken);

        static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var keys = uploads.Select(u => (u.OwnerId, Month(u.CreatedAt))).Concat(
            runs.Select(r => (r.OwnerId, Month(r.StartedAt ?? r.CreatedAt)))).Distinct();
        var rows = keys.Select(k => new MonthlyUsage(
                k.OwnerId,
                emails.GetValueOrDefault(k.OwnerId, k.OwnerId),
                k.Item2,
                uploads.Where(u => u.OwnerId == k.OwnerId && Month(u.CreatedAt) == k.Item2).Sum(u => u.SizeBytes),
                runs.Where(r => r.OwnerId == k.OwnerId && Month(r.StartedAt ?? r.CreatedAt) == k.Item2).Sum(r => r.ComputeSeconds) / 60,
                runs.Count(r => r.OwnerId == k.OwnerId && Month(r.StartedAt ?? r.CreatedAt) == k.Item2)))
            .OrderByDescending(r => r.Month).ThenBy(r => r.Email, StringComparer.Ordinal).ToList();
        return new UsageReport(
            rows,
            storage.ToDictionary(s => emails.GetValueOrDefault(s.Key, s.Key), s => s.Bytes),
            Enum.GetValues<RunStatus>().ToDictionary(s => s, s => statuses.FirstOrDefault(x => x.Key == s)?.Count ?? 0));
    }
}
