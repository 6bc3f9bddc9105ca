using Hangfire;
using Portal.Runs.Scoring;

namespace Portal.Jobs;

/// <summary>The job that scores a file with a run's model; its lease and WorkRecoveryService decide about retries.</summary>
public sealed class ScoringJob(ScoringService scoring)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(Guid scoringTaskId, CancellationToken cancellationToken) => scoring.RunAsync(scoringTaskId, cancellationToken);
}
