using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Jobs;
using Portal.Training.Devices;

namespace Portal.Web.Features.Health;

/// <summary>The device this process trains on; with separate worker hosts the portal itself trains nothing.</summary>
public sealed class TrainingDeviceHealthCheck(IOptions<WorkerOptions> worker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!worker.Value.InProcess)
        {
            return HealthCheckResult.Healthy(
                "Training runs on separate worker hosts.", new Dictionary<string, object> { ["inProcess"] = false });
        }

        try
        {
            var device = await Task.Run(() => DeviceProbe.Current, cancellationToken);
            return HealthCheckResult.Healthy(device.Describe(), new Dictionary<string, object>
            {
                ["inProcess"] = true,
                ["kind"] = device.Kind,
                ["name"] = device.Name,
                ["cpuThreads"] = device.CpuThreads,
                ["cudaDevices"] = device.CudaDeviceCount,
                ["backend"] = device.TorchBackend,
                ["torchSharp"] = device.TorchSharpVersion,
            });
        }
        catch (Exception ex) when (
            ex is TypeInitializationException or DllNotFoundException or NotSupportedException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("TorchSharp could not load its native libraries on this host.");
        }
    }
}
