using Portal.Training.Devices;
using Portal.Training.Smoke;

namespace Portal.Training.Tests;

public class SmokeTrainingTests
{
    [Fact]
    public void Two_layer_network_learns_a_linear_problem()
    {
        var result = SmokeTraining.Run();

        Assert.True(result.RSquared > 0.99, $"R² was {result.RSquared:F4} (loss {result.FinalLoss:F5}) on {result.Device}");
    }

    [Fact]
    public void Probe_reports_the_cpu_backend_and_threads()
    {
        var device = DeviceProbe.Probe(preferCuda: false);

        Assert.Equal("cpu", device.Kind);
        Assert.Equal("cpu", device.TorchBackend);
        Assert.True(device.CpuThreads >= 1);
        Assert.StartsWith("0.107", device.TorchSharpVersion);
        Assert.Contains("threads", device.Describe());
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => SmokeTraining.Run(cancellationToken: cts.Token));
    }
}
