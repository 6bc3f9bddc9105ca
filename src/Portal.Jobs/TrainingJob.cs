using Hangfire;
using Portal.Runs.Training;

namespace Portal.Jobs;

/// <summary>The job that trains a run: only the id travels; the run's lease and the recovery service decide about retries.</summary>
public sealed class TrainingJob(RunExecution execution)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public Task ExecuteAsync(Guid runId, CancellationToken shutdown) => execution.ExecuteAsync(runId, shutdown);
}
