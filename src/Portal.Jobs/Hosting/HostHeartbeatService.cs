using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Jobs;
using Portal.Core.Features.Runs;
using Portal.Training.Devices;

namespace Portal.Jobs.Hosting;

/// <summary>Registers this job-executing host (name, OS, backend, device, queues) and refreshes it every heartbeat.</summary>
public sealed class HostHeartbeatService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<WorkerOptions> worker,
    IOptions<RunOptions> options,
    TimeProvider clock,
    ILogger<HostHeartbeatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var device = await Task.Run(() => DeviceProbe.Current, stoppingToken);
        var started = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(device, started, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The host heartbeat could not be written.");
            }

            await Task.Delay(TimeSpan.FromSeconds(options.Value.HeartbeatSeconds), clock, stoppingToken).ContinueWith(
                _ => { }, TaskScheduler.Default);
        }
    }

    private async Task BeatAsync(TrainingDevice device, DateTimeOffset started, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = worker.Value.ResolveName();
        var host = await db.WorkerHosts.FirstOrDefaultAsync(h => h.Name == name, cancellationToken);
        if (host is null)
        {
            host = new WorkerHost { Name = name, OperatingSystem = "", TorchBackend = "", Device = "", Queues = "" };
            db.WorkerHosts.Add(host);
        }

        host.OperatingSystem = RuntimeInformation.OSDescription;
        host.TorchBackend = device.TorchBackend;
        host.Device = device.Describe();
        host.HasGpu = device.IsCuda;
        host.Queues = string.Join(',', worker.Value.QueueList);
        host.WorkerCount = worker.Value.WorkerCount;
        host.StartedAt = started;
        host.LastSeenAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}
