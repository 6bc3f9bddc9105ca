using Microsoft.Extensions.Options;
using Portal.Core.Features.Jobs;

namespace Portal.Runs.Starting;

/// <summary>Chooses a run's queue and sends its id there. The job carries nothing else; the run row says what to train.</summary>
public sealed class RunDispatcher(
    IBackgroundWork work, IDbContextFactory<PortalDbContext> dbFactory, IOptions<RunOptions> options, TimeProvider clock)
{
    /// <summary>gpu when asked, or when Auto and a GPU host taking the gpu queue is online; cpu otherwise.</summary>
    public async Task<string> ChooseQueueAsync(DevicePreference preference, CancellationToken cancellationToken = default)
    {
        if (preference != DevicePreference.Auto)
        {
            return preference == DevicePreference.Gpu ? JobQueues.Gpu : JobQueues.Cpu;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = clock.GetUtcNow() - options.Value.HostOfflineAfter;
        var gpuHosts = await db.WorkerHosts.Where(h => h.HasGpu && h.LastSeenAt >= since).Select(h => h.Queues).ToListAsync(
            cancellationToken);
        return gpuHosts.Any(q => q.Split(',').Contains(JobQueues.Gpu)) ? JobQueues.Gpu : JobQueues.Cpu;
    }

    public void Enqueue(Guid runId, string queue) => work.Train(runId, queue);
}
