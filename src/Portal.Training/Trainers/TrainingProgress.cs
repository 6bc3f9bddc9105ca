namespace Portal.Training.Trainers;

/// <summary>Reported after every epoch and at least every couple of seconds within a long one.</summary>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int Step,
    int StepsPerEpoch,
    double TrainLoss,
    double? ValidationLoss,
    double LearningRate,
    double SamplesPerSecond,
    TimeSpan Elapsed,
    TimeSpan? Remaining)
{
    /// <summary>Which of several trainings in one run this is (e.g. "linear" or "mlp" for the Auto model); null when only one.</summary>
    public string? Phase { get; init; }
}

public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double LearningRate)
{
    /// <summary>As <see cref="TrainingProgress.Phase"/>.</summary>
    public string? Phase { get; init; }
}

public sealed class TrainingOptions
{
    /// <summary>Where checkpoints go; a run started again with the same folder resumes from the last one.</summary>
    public required string WorkFolder { get; init; }

    public Devices.TrainingDevice? Device { get; init; }

    public Action<TrainingProgress>? Progress { get; init; }

    /// <summary>Called after each epoch (its checkpoint may come later, see <see cref="CheckpointInterval"/>).</summary>
    public Action<EpochRecord>? EpochCompleted { get; init; }

    /// <summary>
    /// How often a checkpoint is written: after the first epoch that ends this long after the last one, and always after
    /// the last epoch or before stopping. Zero writes one after every epoch. A crash loses at most this much training;
    /// resume is exact either way (each epoch's randomness comes from the seed and the epoch number).
    /// </summary>
    public TimeSpan CheckpointInterval { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Asked after each epoch's checkpoint: true ends training there, keeping the best weights (e.g. a quota ran out).</summary>
    public Func<bool>? ShouldStop { get; init; }

    /// <summary>Stamped on the progress and epoch records this training reports.</summary>
    public string? Phase { get; init; }
}
