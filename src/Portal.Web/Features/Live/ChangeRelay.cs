using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Changes;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Runs;

namespace Portal.Web.Features.Live;

public sealed class ChangeRelayOptions
{
    public const string SectionName = "Changes";

    /// <summary>How often the portal looks for what separate worker hosts wrote, while any page listens; 0 turns the relay off
    /// (then only this process's own writes reach open pages).</summary>
    public int RelayMilliseconds { get; set; } = 1000;
}

/// <summary>
/// Relays what other processes (separate worker hosts) write to the pages open in this portal: while at least one page
/// listens, it reads the active runs, scoring jobs and dataset checks once per interval — one small query each for all open
/// pages together, however many there are — and publishes what appeared, moved on or ended since the last look. The
/// embedded worker's writes reach pages at once through the feed; this is the fallback that makes every host's work live.
/// </summary>
public sealed class ChangeRelay(
    ChangeFeed feed, IDbContextFactory<PortalDbContext> dbFactory, IOptions<ChangeRelayOptions> options, ILogger<ChangeRelay> logger)
    : BackgroundService
{
    private Dictionary<(ChangeTopic Topic, Guid Id), Seen>? seen;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RelayMilliseconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.RelayMilliseconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (feed.Subscribers == 0)
            {
                seen = null;
                continue; // nobody listens: no queries at all; the first look after a page opens only learns the state
            }

            try
            {
                await LookAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not read the database for changes; trying again in a moment.");
            }
        }
    }

    /// <summary>One look: publishes every change against the previous look (none on the first, which only learns the state).</summary>
    /// <remarks>
    /// Runs and scoring jobs that ended in the last minute are read too, so one that starts and ends between two looks is
    /// still told; a minute also covers the clock of a worker host that runs a little behind or ahead of the portal's.
    /// </remarks>
    public async Task LookAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1);
        var now = new Dictionary<(ChangeTopic Topic, Guid Id), Seen>();
        var runs = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running || r.FinishedAt > since)
            .Select(r => new { r.Id, r.Status, r.Phase, r.Epoch, r.Step, r.CancelRequested })
            .ToListAsync(cancellationToken);
        foreach (var r in runs)
        {
            var active = r.Status is RunStatus.Queued or RunStatus.Running;
            now[(ChangeTopic.Run, r.Id)] = new(null, $"{r.Status}|{r.Phase}|{r.Epoch}|{r.Step}|{r.CancelRequested}", active);
        }

        var scoring = await db.ScoringTasks.AsNoTracking()
            .Where(t => t.Status == ScoringStatus.Queued || t.Status == ScoringStatus.Running || t.FinishedAt > since)
            .Select(t => new { t.Id, t.RunId, t.Status, t.Progress })
            .ToListAsync(cancellationToken);
        foreach (var t in scoring)
        {
            var active = t.Status is ScoringStatus.Queued or ScoringStatus.Running;
            now[(ChangeTopic.Scoring, t.Id)] = new(t.RunId, $"{t.Status}|{t.Progress:R}", active);
        }

        var checks = await db.Datasets.AsNoTracking()
            .Where(d => d.Status == DatasetStatus.Checking || d.CreatedAt > since)
            .Select(d => new { d.Id, d.Status, d.Progress })
            .ToListAsync(cancellationToken);
        foreach (var d in checks)
        {
            now[(ChangeTopic.Dataset, d.Id)] = new(null, $"{d.Status}|{d.Progress:R}", d.Status == DatasetStatus.Checking);
        }

        var previous = seen;
        seen = now;
        if (previous is null)
        {
            return;
        }

        foreach (var ((topic, id), state) in now)
        {
            if (!previous.TryGetValue((topic, id), out var before))
            {
                feed.Publish(new Change(topic, id, state.RunId, Created: state.Active)); // new, or started and ended between looks
            }
            else if (before.State != state.State)
            {
                feed.Publish(new Change(topic, id, state.RunId));
            }
        }

        foreach (var ((topic, id), state) in previous)
        {
            if (state.Active && !now.ContainsKey((topic, id)))
            {
                feed.Publish(new Change(topic, id, state.RunId)); // gone while active: deleted, or ended longer ago than the window
            }
        }
    }

    private readonly record struct Seen(Guid? RunId, string State, bool Active);
}
