using System.Globalization;
using System.Text;
using Portal.Training.Data;
using Portal.Training.Devices;
using Portal.Training.Forecasting;
using TorchSharp;

namespace Portal.Training.Packaging;

/// <summary>The package of a forecaster: the standardisation, season and window it was trained with.</summary>
public static class ForecastModelPackage
{
    public const string Kind = "forecast";

    public static void Write(string zipPath, ForecastSpecification spec, ForecastResult result, DateTimeOffset createdAt) =>
        PackageArchive.Write(zipPath, Kind, createdAt, result.WeightsFile, new Dictionary<string, object>
        {
            ["specification.json"] = spec,
            ["state.json"] = result.State,
            ["metrics.json"] = new { result.Scores, result.NaiveBaseline, result.SeasonalNaiveBaseline, result.Season, result.History,
                result.BestEpoch, result.Candidates, result.Frequency },
        }, Card(spec, result, createdAt));

    public static Forecaster Load(string zipPath, TrainingDevice? device = null)
    {
        var (zip, manifest) = PackageArchive.Open(zipPath, Kind);
        using (zip)
        {
            var spec = PackageArchive.Read<ForecastSpecification>(zip, "specification.json");
            var state = PackageArchive.Read<ForecastState>(zip, "state.json");
            var target = DeviceProbe.TorchDevice(device ?? DeviceProbe.Current);
            ForecastNetwork? network = null;
            if (state.UsesNetwork)
            {
                var kind = spec.Model is ForecastModel.Gru or ForecastModel.Lstm ? spec.Model : ForecastModel.LagMlp;
                network = new ForecastNetwork(
                    kind, state.Window, state.Means.Count, spec.Horizon, spec.Hyperparameters.HiddenWidth, spec.Hyperparameters.Dropout);
                PackageArchive.LoadWeights(zip, network);
                network.to(target);
            }

            return new Forecaster(spec, manifest, state, network, target);
        }
    }

    private static string Card(ForecastSpecification spec, ForecastResult result, DateTimeOffset createdAt)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"# Model card: {spec.Horizon}-step forecast of `{spec.Target}`");
        text.AppendLine();
        var chosen = result.Candidates.FirstOrDefault(x => x.Chosen);
        var members = chosen is { Members.Count: > 0 } ? $" ({string.Join(", ", chosen.Members)})" : string.Empty;
        var season = $"season {result.Season}{(result.SeasonDetected ? " (detected)" : string.Empty)}";
        text.AppendLine(
            c, $"Trained {createdAt:yyyy-MM-dd HH:mm} UTC on {result.Device}; {ForecastSpecification.ModelKey(spec.Model)} chose " +
                $"`{result.State.Choice}`{members}; {result.Frequency.ToString().ToLowerInvariant()} data, {season}.");
        text.AppendLine();
        text.AppendLine("## Candidates (mean absolute error over the rolling validation forecasts)");
        text.AppendLine("| candidate | validation MAE | validation MASE |");
        text.AppendLine("|---|---|---|");
        foreach (var candidate in result.Candidates)
        {
            text.AppendLine(c, $"| {candidate.Key}{(candidate.Chosen ? " (chosen)" : string.Empty)} | {candidate.ValidationMae:G4} | " +
                $"{(candidate.ValidationMase is { } mase ? mase.ToString("0.00", c) : "–")} |");
        }

        text.AppendLine();
        text.AppendLine(c, $"## Metrics on the test part (the last {spec.Horizon} points, forecast from the point before them)");
        text.AppendLine("| metric | model | naive | seasonal naive |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(c, $"| MAE | {result.Scores.Mae:G4} | {result.NaiveBaseline.Mae:G4} | {result.SeasonalNaiveBaseline.Mae:G4} |");
        text.AppendLine(
            c, $"| sMAPE % | {result.Scores.Smape:0.0} | {result.NaiveBaseline.Smape:0.0} | {result.SeasonalNaiveBaseline.Smape:0.0} |");
        text.AppendLine();
        text.AppendLine("## Limitations");
        text.AppendLine("- Forecasts assume the patterns of the training period continue; shocks and policy changes are not foreseen.");
        text.AppendLine("- The 80% and 95% intervals come from the validation errors at each step ahead; they assume the " +
            "future errs as the recent past did.");
        if (result.FilledGaps > 0)
        {
            text.AppendLine(c, $"- {result.FilledGaps} missing values were filled by linear interpolation before training.");
        }

        return text.ToString();
    }
}

/// <summary>A loaded forecaster: its statistical members and, when chosen, the network; their forecasts are averaged.</summary>
public sealed class Forecaster(
    ForecastSpecification spec, PackageManifest manifest, ForecastState state, ForecastNetwork? network, torch.Device device) : IDisposable
{
    public PackageManifest Manifest => manifest;

    public ForecastSpecification Specification => spec;

    /// <summary>How many past steps each forecast reads.</summary>
    public int Window => network is null ? Math.Max(2, ForecastSeries.MinimumHistory(state.Season)) : state.Window;

    /// <summary>The next <c>Horizon</c> values after the last time in <paramref name="data"/>, with their times and intervals.</summary>
    public (IReadOnlyList<double> Values, IReadOnlyList<string> Times, IReadOnlyList<ForecastBand> Intervals) ForecastNext(TabularData data)
    {
        var series = ForecastSeries.Prepare(spec, data, state);
        var forecasts = state.Statistical.Select(m => m.Forecast(series.Values, spec.Horizon)).ToList();
        if (network is not null)
        {
            forecasts.Add(ForecastTrainer.Predict(network, series, state.Window, [series.Values.Length - 1], device)[0]);
        }

        var values = Enumerable.Range(0, spec.Horizon).Select(s => forecasts.Average(f => f[s])).ToList();
        return (values, series.NextTimes(spec.Horizon), ForecastBand.Around(values, state.ErrorScales));
    }

    public void Dispose() => network?.Dispose();
}
