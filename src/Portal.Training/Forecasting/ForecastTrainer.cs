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
/// Fits the statistical candidates (naive, seasonal naive, drift, exponential smoothing) and trains the lag network, forecasts from
/// every validation origin with each, keeps the best (or the mean of the three best), and scores it on the last <c>Horizon</c>
/// points (the test part) against naive and seasonal naive, with prediction intervals from its validation errors. The network
/// predicts changes from the last observed value (see <see cref="Flatten"/>).
/// </summary>
public static class ForecastTrainer
{
    /// <summary>The network needs at least this many training windows to be a candidate.</summary>
    public const int MinimumNetworkWindows = 8;

    public static ForecastResult Train(
        ForecastSpecification spec, TabularData data, TrainingOptions options, CancellationToken cancellationToken = default)
    {
        var problems = ForecastChecks.Validate(spec, data);
        if (problems.Count > 0)
        {
            throw new InvalidSpecificationException(problems);
        }

        var clock = Stopwatch.StartNew();
        var device = options.Device ?? DeviceProbe.Current;
        var target = DeviceProbe.TorchDevice(device);
        var series = ForecastSeries.Prepare(spec, data);
        var season = series.Season;
        var window = ForecastSeries.WindowFor(spec, season);
        var (h, y, origins) = (spec.Horizon, series.Values, series.ValidationOrigins);
        var steps = origins.Select(o => Math.Min(h, series.ValidationEnd - 1 - o)).ToList();
        var scale = ForecastMetrics.NaiveScale(y[..series.ValidationEnd], season);

        var statistical = spec.Model is ForecastModel.Auto or ForecastModel.ExponentialSmoothing
            ? StatisticalForecaster.Candidates(y[..series.TrainEnd], season)
                .Where(c => spec.Model == ForecastModel.Auto || c.Method == StatisticalMethod.Smoothing).ToList()
            : [];
        var candidates = statistical.Select(c => new ValidationForecasts(
            c.Key, origins.Select((o, i) => c.Forecast(y[..(o + 1)], steps[i])).ToList())).ToList();

        var networkSkipped = NetworkProblem(spec, series, window);
        var wantsNetwork = spec.Model is ForecastModel.LagMlp or ForecastModel.Gru or ForecastModel.Lstm or ForecastModel.Auto;
        if (networkSkipped is not null && spec.Model != ForecastModel.Auto && wantsNetwork)
        {
            throw new InvalidSpecificationException([new SettingProblem("Horizon", "Series.TooShortForNetwork", networkSkipped, window)]);
        }

        using var network = wantsNetwork && networkSkipped is null ? TrainNetwork(spec, series, window, target, options, cancellationToken)
            : null;
        if (network is not null)
        {
            var predicted = Predict(network.Model, series, window, origins, target);
            candidates.Add(new ValidationForecasts(ForecastSelection.NetworkKey, predicted.Select((p, i) => p[..steps[i]]).ToList()));
        }

        var choice = ForecastSelection.Choose(candidates, y, origins, h, scale, allowEnsemble: spec.Model == ForecastModel.Auto);
        var members = statistical.Where(c => choice.Members.Contains(c.Key)).ToList();
        var usesNetwork = choice.Members.Contains(ForecastSelection.NetworkKey);

        double[] Combined(int end)
        {
            var forecasts = members.Select(m => m.Refit(y[..end]).Forecast(y[..end], h)).ToList();
            if (usesNetwork)
            {
                forecasts.Add(Predict(network!.Model, series, window, [end - 1], target)[0]);
            }

            return Enumerable.Range(0, h).Select(s => forecasts.Average(f => f[s])).ToArray();
        }

        var testForecast = Combined(series.ValidationEnd);
        var next = Combined(y.Length);
        var finalMembers = members.Select(m => m.Refit(y)).ToList();
        var result = Evaluate(
            spec, series, testForecast, scale, network?.State, network?.Resumed ?? false, device.Describe(), clock.Elapsed);
        return result with
        {
            NextForecast = next,
            State = new ForecastState(series.Means, series.Stds, season, window)
            {
                Choice = choice.Key, Statistical = finalMembers, UsesNetwork = usesNetwork, ErrorScales = choice.ErrorScales,
            },
            WeightsFile = network is not null ? new CheckpointStore(options.WorkFolder).BestWeights : string.Empty,
            Candidates = choice.Candidates,
            NetworkSkipped = wantsNetwork ? networkSkipped : null,
            NextTimes = series.NextTimes(h),
            NextIntervals = ForecastBand.Around(next, choice.ErrorScales),
            TestIntervals = ForecastBand.Around(testForecast, choice.ErrorScales),
            Frequency = series.Axis.Frequency,
            InsertedTimes = series.InsertedTimes,
        };
    }

    /// <summary>Why the network cannot be trained on this series with this window and horizon; null when it can.</summary>
    public static string? NetworkProblem(ForecastSpecification spec, ForecastSeries series, int window)
    {
        var trainWindows = series.TrainEnd - spec.Horizon - window + 1;
        var validationWindows = series.ValidationEnd - spec.Horizon - series.TrainEnd + 1;
        return trainWindows >= MinimumNetworkWindows && validationWindows >= 1 ? null
            : $"The series is too short for the network: with a window of {window} and a horizon of {spec.Horizon} it would have " +
                $"{Math.Max(0, trainWindows)} training windows (at least {MinimumNetworkWindows} are needed). Choose a shorter window " +
                "or horizon, or exponential smoothing.";
    }

    private sealed class TrainedNetwork(ForecastNetwork model, CheckpointState state, bool resumed) : IDisposable
    {
        public ForecastNetwork Model => model;
        public CheckpointState State => state;
        public bool Resumed => resumed;

        public void Dispose() => model.Dispose();
    }

    private static TrainedNetwork TrainNetwork(
        ForecastSpecification spec, ForecastSeries series, int window, Device target, TrainingOptions options, CancellationToken stop)
    {
        var h = spec.Hyperparameters;
        var featureCount = series.Features[0].Length;
        using var trainX = Windows(series, window, spec.Horizon, window - 1, series.TrainEnd - spec.Horizon, target, out var trainY);
        using var trainYTensor = trainY;
        using var validationX = Windows(
            series, window, spec.Horizon, series.TrainEnd - 1, series.ValidationEnd - spec.Horizon, target, out var validationY);
        using var validationYTensor = validationY;

        using var initGenerator = new torch.Generator((ulong)spec.Seed);
        using var dropoutGenerator = new torch.Generator((ulong)spec.Seed, target);
        var kind = spec.Model == ForecastModel.Auto ? ForecastModel.LagMlp : spec.Model;
        var model = new ForecastNetwork(kind, window, featureCount, spec.Horizon, h.HiddenWidth, h.Dropout, dropoutGenerator);
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
        }, h, spec.Seed, SpecificationHash.Of(spec), options, stop);
        return new TrainedNetwork(model, state, resumed);
    }

    /// <summary>The chosen forecast of the test part (from the last point before it) against naive and seasonal naive.</summary>
    private static ForecastResult Evaluate(
        ForecastSpecification spec, ForecastSeries series, double[] forecast, double? scale, CheckpointState? state, bool resumed,
            string device, TimeSpan duration)
    {
        var origin = series.ValidationEnd - 1;
        var history = series.Values[..series.ValidationEnd];
        var naive = new StatisticalForecaster(StatisticalMethod.Naive, 1).Forecast(history, spec.Horizon);
        var seasonal = new StatisticalForecaster(StatisticalMethod.SeasonalNaive, series.Season).Forecast(history, spec.Horizon);
        var points = Enumerable.Range(1, spec.Horizon).Select(s => new ForecastPoint(
            series.Times[origin], s, series.Times[origin + s], series.Values[origin + s], forecast[s - 1])).ToList();
        var actual = points.Select(p => p.Actual).ToList();
        return new ForecastResult(
            ForecastMetrics.Score(actual, forecast, scale),
            ForecastMetrics.Score(actual, naive, scale),
            ForecastMetrics.Score(actual, seasonal, scale),
            series.Season, spec.Season is null, ForecastSeries.WindowFor(spec, series.Season), series.FilledGaps, state?.History ?? [],
                state?.BestEpoch ?? 0, resumed, points, [], device, duration);
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
