using Hangfire;
using Hangfire.States;
using Portal.Core.Features.Jobs;

namespace Portal.Jobs;

/// <summary>Background work as Hangfire jobs: each job takes only the id, on the queue the work belongs to.</summary>
public sealed class HangfireBackgroundWork(IBackgroundJobClient jobs) : IBackgroundWork
{
    public void Train(Guid runId, string queue) =>
        jobs.Create<TrainingJob>(job => job.ExecuteAsync(runId, CancellationToken.None), new EnqueuedState(queue));

    public void Score(Guid scoringTaskId) =>
        jobs.Enqueue<ScoringJob>(JobQueues.Interactive, job => job.RunAsync(scoringTaskId, CancellationToken.None));

    public void CheckDataset(Guid datasetId) =>
        jobs.Enqueue<DatasetCheckJob>(JobQueues.Interactive, job => job.RunAsync(datasetId, CancellationToken.None));

    public void Ping(Guid pingId, string queue) =>
        jobs.Enqueue<DiagnosticJob>(queue, job => job.RunAsync(pingId, CancellationToken.None));
}
