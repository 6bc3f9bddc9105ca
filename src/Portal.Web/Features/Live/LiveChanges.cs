using Portal.Core.Features.Changes;

namespace Portal.Web.Features.Live;

/// <summary>
/// A page's subscription to what it shows: when the feed says a run, scoring job or dataset changed, the page's refresh
/// runs on its circuit (through the component's InvokeAsync). Changes that arrive while a refresh is waiting or running are
/// folded into one more refresh, so a burst of progress writes costs the page one re-read, never a queue of them.
/// </summary>
public sealed class LiveChanges : IDisposable
{
    private readonly List<IDisposable> subscriptions = [];
    private readonly Func<Func<Task>, Task> invoke;
    private readonly Func<Change, bool> wanted;
    private readonly Func<Task> refresh;
    private readonly SemaphoreSlim gate = new(1, 1);
    private int pending;
    private volatile bool disposed;

    /// <param name="invoke">The component's InvokeAsync, so the refresh runs on its circuit.</param>
    /// <param name="refresh">Re-reads what changed and calls StateHasChanged.</param>
    /// <param name="wanted">Decides from the change whether this page shows it (e.g. the run is on the visible page).</param>
    public LiveChanges(
        ChangeFeed feed, IEnumerable<(ChangeTopic Topic, Guid? Id)> topics, Func<Func<Task>, Task> invoke, Func<Task> refresh,
        Func<Change, bool>? wanted = null)
    {
        this.invoke = invoke;
        this.refresh = refresh;
        this.wanted = wanted ?? (_ => true);
        foreach (var (topic, id) in topics)
        {
            subscriptions.Add(feed.Subscribe(topic, id, OnChange));
        }
    }

    private void OnChange(Change change)
    {
        if (disposed || !wanted(change) || Interlocked.Exchange(ref pending, 1) == 1)
        {
            return;
        }

        _ = RefreshAsync();
    }

    private async Task RefreshAsync()
    {
        try
        {
            await invoke(async () =>
            {
                await gate.WaitAsync(); // Blazor interleaves awaits on a circuit: one refresh at a time
                try
                {
                    Volatile.Write(ref pending, 0); // changes from here on ask for another refresh after this one
                    if (!disposed)
                    {
                        await refresh();
                    }
                }
                finally
                {
                    gate.Release();
                }
            });
        }
        catch (ObjectDisposedException)
        {
            // the circuit went away between the change and the refresh
        }
        catch (Exception ex)
        {
            // A failed re-read leaves the page as it was; the next change tries again.
            System.Diagnostics.Trace.TraceWarning($"A live page could not refresh: {ex.Message}");
        }
    }

    public void Dispose()
    {
        disposed = true;
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }
    }
}
