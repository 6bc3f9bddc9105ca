using System.Collections.Concurrent;
using Portal.Training.Trainers;

namespace Portal.Jobs.Runs;

/// <summary>What the training thread hands to the supervising loop, which writes it to the database.</summary>
public sealed class RunMonitor
{
    public ConcurrentQueue<EpochRecord> Epochs { get; } = new();

    public ConcurrentQueue<(DateTimeOffset? At, string Message)> Lines { get; } = new();

    public volatile TrainingProgress? Latest;

    public volatile string? StopReason;

    public void Log(string message) => Lines.Enqueue((DateTimeOffset.UtcNow, message));
}
