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
                result.BestEpoch },
        }, Card(spec, result, createdAt));

    public static Forecaster Load(string zipPath, TrainingDevice? device = null)
    {
        var (zip, manifest) = PackageArchive.Open(zipPath, Kind);
        using (zip)
        {
            var spec = PackageArchive.Read<ForecastSpecification>(zip, "specification.json");
            var state = PackageArchive.Read<ForecastState>(zip, "state.json");
            var network = new ForecastNetwork(
                spec.Model, state.Window, state.Means.Count, spec.Horizon, spec.Hyperparameters.HiddenWidth, spec.Hyperparameters.Dropout);
            PackageArchive.LoadWeights(zip, network);
            var target = DeviceProbe.TorchDevice(device ?? DeviceProbe.Current);
            network.to(target);
            return new Forecaster(spec, manifest, state, network, target);
        }
    }

    private static string Card(ForecastSpecification spec, ForecastResult result, DateTimeOffset createdAt)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"# Model card: {spec.Horizon}-step forecast of `{spec.Target}`");
        text.AppendLine();
        text.AppendLine(
            c, $"Trained {createdAt:yyyy-MM-dd HH:mm} UTC on {result.Device}; {spec.Model}, window {result.Window}, season " +
                $"{result.Season}{(result.SeasonDetected ? " (detected)" : string.Empty)}.");
        text.AppendLine();
        text.AppendLine("## Metrics on the test part (rolling forecasts)");
        text.AppendLine("| metric | model | naive | seasonal naive |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(c, $"| MAE | {result.Scores.Mae:G4} | {result.NaiveBaseline.Mae:G4} | {result.SeasonalNaiveBaseline.Mae:G4} |");
        text.AppendLine(
            c, $"| sMAPE % | {result.Scores.Smape:0.0} | {result.NaiveBaseline.Smape:0.0} | {result.SeasonalNaiveBaseline.Smape:0.0} |");
        text.AppendLine();
        text.AppendLine("## Limitations");
        text.AppendLine("- Forecasts assume the patterns of the training period continue; shocks and policy changes are not foreseen.");
        if (result.FilledGaps > 0)
        {
            text.AppendLine(c, $"- {result.FilledGaps} missing values were filled by linear interpolation before training.");
        }

        return text.ToString();
    }
}

/// <summary>A loaded forecaster.</summary>
public sealed class Forecaster(
    ForecastSpecification spec, PackageManifest manifest, ForecastState state, ForecastNetwork network, torch.Device device) : IDisposable
{
    public PackageManifest Manifest => manifest;

    public ForecastSpecification Specification => spec;

    /// <summary>How many past steps each forecast reads.</summary>
    public int Window => state.Window;

    /// <summary>The next <c>Horizon</c> values after the last time in <paramref name="data"/>.</summary>
    public IReadOnlyList<double> ForecastNext(TabularData data)
    {
        var series = ForecastSeries.Prepare(spec, data, state);
        return ForecastTrainer.Predict(network, series, state.Window, [series.Values.Length - 1], device)[0];
    }

    public void Dispose() => network.Dispose();
}
