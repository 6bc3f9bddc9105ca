using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Jobs;
using Portal.Training.Devices;

namespace Portal.Jobs.Hosting;

/// <summary>Says at start which device this host will train on, so an operator sees a missing GPU at once.</summary>
public sealed class DeviceReportService(IOptions<WorkerOptions> worker, ILogger<DeviceReportService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Probing loads libtorch (hundreds of MB); do it off the start-up path.
        _ = Task.Run(() =>
        {
            try
            {
                var device = DeviceProbe.Current;
                logger.LogInformation(
                    "Worker {Name} trains on {Device} (TorchSharp {Version}, backend {Backend}); queues: {Queues}",
                    worker.Value.ResolveName(), device.Describe(), device.TorchSharpVersion, device.TorchBackend, string.Join(
                        ", ", worker.Value.QueueList));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogError(ex, "No training device could be found: TorchSharp failed to load on this host.");
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
