using System.Diagnostics;
using Portal.Training.Data;
using Portal.Training.Devices;
using Portal.Training.Metrics;
using Portal.Training.Specification;
using Portal.Training.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Portal.Training.Forecasting;

/// <summary>
/// Trains a direct multi-step forecaster on sliding windows of the training part, stops early on the validation
/// part, and evaluates rolling forecasts from every origin in the test part against naive and seasonal-naive.
/// The model predicts changes from the last observed value (see <see cref="Flatten"/>).
/// </summary>
public static class ForecastTrainer
{
    public static ForecastResult Train(
        ForecastSpecification spec, TabularData data, TrainingOptions options, CancellationToken cancellationToken = default)
    {
        var problems = ForecastSeries.Validate(spec, data);
        if (problems.Count > 0)
        {
            throw new InvalidSpecificationException(problems);
        }

        var clock = Stopwatch.StartNew();
        var device = options.Device ?? DeviceProbe.Current;
        var target = DeviceProbe.TorchDevice(device);
        var series = ForecastSeries.Prepare(spec, data);
        var season = spec.Season ?? SeasonDetector.Detect(series.Values[..series.TrainEnd]);
        var window = ForecastSeries.WindowFor(spec, season);
        var h = spec.Hyperparameters;
        var featureCount = series.Features[0].Length;

        using var trainX = Windows(series, window, spec.Horizon, window - 1, series.TrainEnd - spec.Horizon, target, out var trainY);
        using var trainYTensor = trainY;
        using var validationX = Windows(
            series, window, spec.Horizon, series.TrainEnd - 1, series.ValidationEnd - spec.Horizon, target, out var validationY);
        using var validationYTensor = validationY;

        using var initGenerator = new torch.Generator((ulong)spec.Seed);
        using var dropoutGenerator = new torch.Generator((ulong)spec.Seed, target);
        using var model = new ForecastNetwork(spec.Model, window, featureCount, spec.Horizon, h.HiddenWidth, h.Dropout, dropoutGenerator);
        model.Initialize(initGenerator);
        model.to(target);

        var (state, resumed) = TrainingLoop.Run(new LoopInputs
        {
            Model = model,
            TrainX = trainX,
            TrainY = trainYTensor,
            ValidationX = validationX,
            ValidationY = validationYTensor,
            Loss = (x, y) => nn.functional.mse_loss(model.forward(x), y),
            DropoutGenerator = dropoutGenerator,
        }, h, spec.Seed, SpecificationHash.Of(spec), options, cancellationToken);

        return Evaluate(spec, series, model, season, window, state, resumed, target, device.Describe(), clock.Elapsed) with
        {
            State = new ForecastState(series.Means, series.Stds, season, window),
            WeightsFile = new CheckpointStore(options.WorkFolder).BestWeights,
        };
    }

    private static ForecastResult Evaluate(
        ForecastSpecification spec, ForecastSeries series, ForecastNetwork model, int season, int window, CheckpointState state,
            bool resumed, Device target, string device, TimeSpan duration)
    {
        var n = series.Values.Length;
        var origins = Enumerable.Range(series.ValidationEnd - 1, n - spec.Horizon - series.ValidationEnd + 1).ToList();
        var predicted = Predict(model, series, window, origins, target);
        var points = new List<ForecastPoint>();
        var naive = new List<double>();
        var seasonal = new List<double>();
        for (var o = 0; o < origins.Count; o++)
        {
            var t = origins[o];
            for (var s = 1; s <= spec.Horizon; s++)
            {
                points.Add(new ForecastPoint(series.Times[t], s, series.Times[t + s], series.Values[t + s], predicted[o][s - 1]));
                naive.Add(series.Values[t]);
                seasonal.Add(series.Values[t + s - season * (int)Math.Ceiling((double)s / season)]);
            }
        }

        var actual = points.Select(p => p.Actual).ToList();
        var scale = ForecastMetrics.NaiveScale(series.Values[..series.TrainEnd], season);
        var next = Predict(model, series, window, [n - 1], target)[0];
        return new ForecastResult(
            ForecastMetrics.Score(actual, points.Select(p => p.Predicted).ToList(), scale),
            ForecastMetrics.Score(actual, naive, scale),
            ForecastMetrics.Score(actual, seasonal, scale),
            season, spec.Season is null, window, series.FilledGaps, state.History, state.BestEpoch, resumed, points, next, device,
                duration);
    }

    /// <summary>Forecasts from each origin, in the series' own units.</summary>
    internal static double[][] Predict(ForecastNetwork model, ForecastSeries series, int window, IReadOnlyList<int> origins, Device target)
    {
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = torch.tensor(Flatten(series, window, origins), [origins.Count, window, series.Features[0].Length], device: target);
        var output = model.forward(x).cpu();
        var horizon = (int)output.shape[1];
        var flat = output.data<float>().ToArray();
        return origins.Select((t, o) => Enumerable.Range(0, horizon)
            .Select(s => (flat[o * horizon + s] + series.Features[t][0]) * series.Std + series.Mean).ToArray()).ToArray();
    }

    /// <summary>Windows ending at each origin from <paramref name="firstOrigin"/> to <paramref name="lastOrigin"/> (exclusive), with the
    /// next horizon values as targets.</summary>
    private static Tensor Windows(
        ForecastSeries series, int window, int horizon, int firstOrigin, int lastOrigin, Device device, out Tensor targets)
    {
        var origins = Enumerable.Range(
            Math.Max(window - 1, firstOrigin), Math.Max(0, lastOrigin - Math.Max(window - 1, firstOrigin))).ToList();
        var y = origins.SelectMany(
            t => Enumerable.Range(1, horizon).Select(s => series.Features[t + s][0] - series.Features[t][0])).ToArray();
        targets = torch.tensor(y, [origins.Count, horizon], device: device);
        return torch.tensor(Flatten(series, window, origins), [origins.Count, window, series.Features[0].Length], device: device);
    }

    /// <summary>
    /// Each window relative to its last observed value, and targets as changes from it: the model learns shapes, not
    /// levels, so a trend that leaves the training range is still forecast (a network cannot extrapolate levels it never saw).
    /// </summary>
    private static float[] Flatten(ForecastSeries series, int window, IReadOnlyList<int> origins) =>
        origins.SelectMany(t => Enumerable.Range(t - window + 1, window).SelectMany(i =>
        {
            var row = (float[])series.Features[Math.Max(0, i)].Clone();
            row[0] -= series.Features[t][0];
            return row;
        })).ToArray();
}
