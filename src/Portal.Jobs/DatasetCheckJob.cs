using Hangfire;
using Portal.Core.Features.Datasets;

namespace Portal.Jobs;

/// <summary>The job that checks and profiles a large upload; its lease and WorkRecoveryService decide about retries.</summary>
public sealed class DatasetCheckJob(DatasetCheckService checks)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(Guid datasetId, CancellationToken cancellationToken) => checks.CheckAsync(datasetId, cancellationToken);
}
