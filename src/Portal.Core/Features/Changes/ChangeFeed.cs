using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Portal.Core.Features.Changes;

/// <summary>What changed: a run (status, progress, curve, log), a scoring job (for the run it scores with), a dataset's check.</summary>
public enum ChangeTopic
{
    Run,
    Scoring,
    Dataset,
}

/// <summary>One change to something an open page may show.</summary>
/// <param name="Id">The run, scoring job or dataset that changed.</param>
/// <param name="RunId">For a scoring job: the run whose model it scores with (the page that shows it).</param>
/// <param name="Created">The thing is new, so lists that do not show it yet may want it.</param>
public readonly record struct Change(ChangeTopic Topic, Guid Id, Guid? RunId = null, bool Created = false);

/// <summary>
/// Tells open pages (Blazor circuits) that something they show changed, so they re-read it at once instead of polling
/// the database on a timer. The services that write runs, scoring jobs and dataset checks publish here; in the portal
/// the embedded worker's writes arrive directly and a separate worker host's writes through <c>ChangeRelay</c>, which
/// watches the database for all open pages at once. A change carries no data: subscribers re-read through their
/// services, so the access policy still decides what each reader sees.
/// </summary>
public sealed class ChangeFeed(ILogger<ChangeFeed> logger)
{
    private readonly ConcurrentDictionary<long, Action<Change>> subscribers = new();
    private long next;

    /// <summary>How many subscriptions are open; the relay watches the database only while there is at least one.</summary>
    public int Subscribers => subscribers.Count;

    /// <summary>Calls <paramref name="onChange"/> for every change of the topic (and id, when given) until disposed.</summary>
    /// <remarks>The handler runs on the publisher's thread and must only schedule work (a circuit's InvokeAsync).</remarks>
    public IDisposable Subscribe(ChangeTopic topic, Guid? id, Action<Change> onChange)
    {
        var key = Interlocked.Increment(ref next);
        subscribers[key] = change =>
        {
            if (change.Topic == topic && (id is null || change.Id == id || change.RunId == id))
            {
                onChange(change);
            }
        };
        return new Subscription(this, key);
    }

    public void Publish(Change change)
    {
        foreach (var handler in subscribers.Values)
        {
            try
            {
                handler(change);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A page's change handler failed for {Topic} {Id}.", change.Topic, change.Id);
            }
        }
    }

    public void Run(Guid runId, bool created = false) => Publish(new Change(ChangeTopic.Run, runId, Created: created));

    public void Scoring(Guid scoringId, Guid runId, bool created = false) =>
        Publish(new Change(ChangeTopic.Scoring, scoringId, runId, created));

    public void Dataset(Guid datasetId, bool created = false) => Publish(new Change(ChangeTopic.Dataset, datasetId, Created: created));

    private sealed class Subscription(ChangeFeed feed, long key) : IDisposable
    {
        public void Dispose() => feed.subscribers.TryRemove(key, out _);
    }
}
