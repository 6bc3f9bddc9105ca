namespace Portal.Core.Features.Jobs;

/// <summary>
/// Hands work to a background worker. Only the id travels; the row it names says what to do. The job engine that
/// carries it (Hangfire) lives in Portal.Jobs, so nothing here or in Portal.Runs knows it (ADR 0013).
/// </summary>
public interface IBackgroundWork
{
    /// <summary>Train the run on its queue (gpu or cpu).</summary>
    void Train(Guid runId, string queue);

    /// <summary>Score a file with a run's model, on the interactive queue.</summary>
    void Score(Guid scoringTaskId);

    /// <summary>Check and profile a large upload, on the interactive queue.</summary>
    void CheckDataset(Guid datasetId);

    /// <summary>Answer a diagnostic ping on the named queue, to show which host takes it.</summary>
    void Ping(Guid pingId, string queue);
}
