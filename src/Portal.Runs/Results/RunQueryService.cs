using System.Text.Json;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Access;

namespace Portal.Runs.Results;

public sealed record RunFilter(
    RunStatus? Status = null, Guid? DatasetId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Search = null,
        Guid? ProjectId = null);

public sealed record RunListItem(Run Run, string DatasetName, int? QueuePosition);

public sealed record RunList(IReadOnlyList<RunListItem> Items, int Total);

public sealed record MetricPoint(int Step, double Value);

/// <summary>A host as the operations page shows it: online when its heartbeat is recent.</summary>
public sealed record HostStatus(WorkerHost Host, bool Online, IReadOnlyList<Guid> Runs);

/// <summary>Reads runs as the access policy allows (anyone else gets nothing, not even whether the run exists), plus hosts for
/// everyone.</summary>
public sealed class RunQueryService(IDbContextFactory<PortalDbContext> dbFactory, IOptions<RunOptions> options, TimeProvider clock)
{
    /// <param name="ownerId">
    /// The caller: their own runs, or with a project filter every run of that project they may read (a project's
    /// list shows its members' runs too). Null lists every user's runs (administrators' operations page only).
    /// </param>
    public async Task<RunList> ListAsync(
        string? ownerId, RunFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = ownerId is null ? db.Runs.AsNoTracking()
            : filter.ProjectId is not null ? AccessPolicy.ReadableRuns(db, ownerId).AsNoTracking()
            : db.Runs.AsNoTracking().Where(r => r.OwnerId == ownerId);
        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }

        if (filter.ProjectId is { } project)
        {
            query = query.Where(r => r.ProjectId == project);
        }

        if (filter.DatasetId is { } dataset)
        {
            query = query.Where(r => r.DatasetId == dataset);
        }

        if (filter.From is { } from)
        {
            query = query.Where(r => r.CreatedAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(r => r.CreatedAt < to);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim().ToLowerInvariant();
            query = query.Where(r => r.Name.ToLower().Contains(term));
        }

        var total = await query.CountAsync(cancellationToken);
        var runs = await query.OrderByDescending(r => r.CreatedAt).Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 200))
            .ToListAsync(cancellationToken);
        var datasetIds = runs.Select(r => r.DatasetId).Distinct().ToList();
        var names = await db.Datasets.AsNoTracking().Where(d => datasetIds.Contains(d.Id)).ToDictionaryAsync(
            d => d.Id, d => d.Name, cancellationToken);
        var items = new List<RunListItem>();
        foreach (var run in runs)
        {
            items.Add(
                new RunListItem(
                    run, names.GetValueOrDefault(run.DatasetId, "—"), run.Status == RunStatus.Queued ? await PositionAsync(
                        db, run, cancellationToken) : null));
        }

        return new RunList(items, total);
    }

    /// <summary>The run if the access policy lets the caller read it; null exactly as for an id that does not exist.</summary>
    public async Task<RunListItem?> FindAsync(string userId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await AccessPolicy.ReadableRuns(db, userId).AsNoTracking().FirstOrDefaultAsync(
            r => r.Id == id, cancellationToken);
        if (run is null)
        {
            return null;
        }

        var dataset = await db.Datasets.AsNoTracking().Where(d => d.Id == run.DatasetId).Select(d => d.Name).FirstOrDefaultAsync(
            cancellationToken);
        return new RunListItem(
            run, dataset ?? "—", run.Status == RunStatus.Queued ? await PositionAsync(db, run, cancellationToken) : null);
    }

    /// <summary>1 for the next run its queue will start: queued runs on the same queue created before it, plus one.</summary>
    private static async Task<int> PositionAsync(PortalDbContext db, Run run, CancellationToken cancellationToken) =>
        1 + await db.Runs.CountAsync(
            r => r.Status == RunStatus.Queued && r.Queue == run.Queue && r.CreatedAt < run.CreatedAt, cancellationToken);

    /// <summary>Every curve of the run by name, in step order; the owner check is the caller's <see cref="FindAsync"/>.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>>> MetricsAsync(
        Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.RunMetrics.AsNoTracking().Where(m => m.RunId == runId).OrderBy(m => m.Id).Select(
            m => new { m.Name, m.Step, m.Value }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Name).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<MetricPoint>)g.GroupBy(p => p.Step).Select(s => new MetricPoint(s.Key, s.Last().Value)).OrderBy(
                p => p.Step).ToList());
    }

    public async Task<IReadOnlyList<RunLogLine>> LogTailAsync(Guid runId, int lines, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tail = await db.RunLogLines.AsNoTracking().Where(l => l.RunId == runId).OrderByDescending(l => l.Id).Take(lines).ToListAsync(
            cancellationToken);
        tail.Reverse();
        return tail;
    }

    public async Task<IReadOnlyList<HostStatus>> HostsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = clock.GetUtcNow() - options.Value.HostOfflineAfter;
        var hosts = await db.WorkerHosts.AsNoTracking().OrderBy(h => h.Name).ToListAsync(cancellationToken);
        var running = await db.Runs.AsNoTracking().Where(r => r.Status == RunStatus.Running).Select(r => new { r.Id, r.Host }).ToListAsync(
            cancellationToken);
        return hosts.Select(
            h => new HostStatus(h, h.LastSeenAt >= since, running.Where(r => r.Host == h.Name).Select(r => r.Id).ToList())).ToList();
    }


    public static RunResultSummary? Result(Run run) =>
        run.ResultJson is null ? null : JsonSerializer.Deserialize<RunResultSummary>(run.ResultJson, TaskPlans.Json);
}
