using System.Collections.Concurrent;
using Portal.Training.Trainers;

namespace Portal.Runs.Training;

/// <summary>What the training thread hands to the supervising loop, which writes it to the database.</summary>
public sealed class RunMonitor
{
    private readonly ConcurrentDictionary<(string? Phase, int Epoch), byte> recorded = new();

    public ConcurrentQueue<EpochRecord> Epochs { get; } = new();

    /// <summary>Epochs already in the database (an earlier attempt wrote them), by phase and number.</summary>
    public void AlreadyRecorded(IEnumerable<(string? Phase, int Epoch)> epochs)
    {
        foreach (var epoch in epochs)
        {
            recorded.TryAdd(epoch, 0);
        }
    }

    /// <summary>
    /// Queues an epoch for the database unless it is there already: a resumed trainer hands on every epoch of its
    /// checkpoint again, so each epoch is recorded exactly once whatever the crash cut off.
    /// </summary>
    public void EpochCompleted(EpochRecord epoch)
    {
        if (recorded.TryAdd((epoch.Phase, epoch.Epoch), 0))
        {
            Epochs.Enqueue(epoch);
        }
    }

    public ConcurrentQueue<(DateTimeOffset? At, string Message)> Lines { get; } = new();

    public volatile TrainingProgress? Latest;

    public volatile string? StopReason;

    public void Log(string message) => Lines.Enqueue((DateTimeOffset.UtcNow, message));
}
