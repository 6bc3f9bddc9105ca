using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Diagnostics;
using Portal.Core.Features.Jobs;
using Portal.Training.Devices;

namespace Portal.Jobs;

/// <summary>The job that answers a ping: records which host ran it and on which training device.</summary>
public sealed class DiagnosticJob(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<WorkerOptions> worker,
    TimeProvider clock,
    ILogger<DiagnosticJob> logger)
{
    public async Task RunAsync(Guid pingId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ping = await db.DiagnosticPings.FirstOrDefaultAsync(p => p.Id == pingId, cancellationToken);
        if (ping is null)
        {
            logger.LogWarning("Diagnostic ping {PingId} no longer exists; nothing to do.", pingId);
            return;
        }

        var device = await Task.Run(() => DeviceProbe.Current, cancellationToken);
        ping.CompletedAt = clock.GetUtcNow();
        ping.CompletedByHost = worker.Value.ResolveName();
        ping.Device = device.Describe();
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Diagnostic ping {PingId} answered by {Host} on {Device}", pingId, ping.CompletedByHost, ping.Device);
    }
}
