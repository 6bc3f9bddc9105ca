using Portal.Training.Devices;
using Portal.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Portal.Training.Smoke;

public sealed record SmokeResult(double RSquared, double FinalLoss, int Epochs, TimeSpan Duration, string Device);

/// <summary>
/// Trains a two-layer network on a synthetic linear problem (y = Xw + b + noise). Proves that libtorch loads and
/// learns on this host; the diagnostic job and the test suite both run it.
/// </summary>
public static class SmokeTraining
{
    public static SmokeResult Run(
        int rows = 2_000, int features = 8, int epochs = 60, int seed = 7, TrainingDevice? device = null,
            CancellationToken cancellationToken = default)
    {
        device ??= DeviceProbe.Current;
        var target = DeviceProbe.TorchDevice(device);
        var started = System.Diagnostics.Stopwatch.StartNew();
        torch.manual_seed(seed);

        using var scope = torch.NewDisposeScope();
        var x = torch.randn(rows, features).to(target);
        var weights = torch.randn(features, 1).to(target);
        var y = (x.matmul(weights) + 0.5f + 0.01f * torch.randn(rows, 1).to(target)).detach();

        var trainRows = rows * 4 / 5;
        var (xTrain, yTrain) = (x[..trainRows], y[..trainRows]);
        var (xTest, yTest) = (x[trainRows..], y[trainRows..]);

        using var model = new MlpRegressor(features, 32);
        model.to(target);
        using var optimizer = torch.optim.Adam(model.parameters(), lr: 0.01);
        const int batch = 128;
        var loss = double.NaN;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            model.train();
            for (var start = 0; start < trainRows; start += batch)
            {
                using var batchScope = torch.NewDisposeScope();
                var end = Math.Min(start + batch, trainRows);
                optimizer.zero_grad();
                var output = nn.functional.mse_loss(model.forward(xTrain[start..end]), yTrain[start..end]);
                output.backward();
                optimizer.step();
                loss = output.item<float>();
            }
        }

        model.eval();
        using (torch.no_grad())
        {
            var predicted = model.forward(xTest);
            var residual = (yTest - predicted).pow(2).sum().item<float>();
            var total = (yTest - yTest.mean()).pow(2).sum().item<float>();
            var r2 = 1 - residual / total;
            return new SmokeResult(r2, loss, epochs, started.Elapsed, device.Describe());
        }
    }
}
