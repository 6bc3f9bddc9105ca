using System.Globalization;
using Portal.Core.Features.Exports;
using Portal.Training.Data;
using Portal.Training.Packaging;

namespace Portal.Runs.Scoring;

/// <summary>
/// Forecasts: a file with the latest series (time, value and covariate columns as in training, at least one window
/// long); the next steps come back with their times when the series has a regular step. There is no one-row form.
/// </summary>
public sealed class ForecastScorer : TaskScorer
{
    public override IReadOnlyList<ModelInput> Inputs(RunResultBundle bundle, string modelPath) => [];

    public override SinglePrediction? Predict(RunResultBundle bundle, string modelPath, IReadOnlyDictionary<string, string?> values) =>
        null;

    public override SpreadsheetCsv Score(ScoringTask task, string modelPath, TabularData data, RowKeys keys, Action<double> progress)
    {
        using var forecaster = ForecastModelPackage.Load(modelPath);
        var spec = forecaster.Specification;
        foreach (var column in new[] { spec.TimeColumn, spec.Target }.Concat(spec.Covariates))
        {
            Require(task, data, column);
        }

        var times = data.Column(spec.TimeColumn).Where(t => !TabularData.IsMissing(t)).Select(t => t!.Trim()).ToList();
        if (times.Count < forecaster.Window)
        {
            throw new InvalidDataException(
                $"The series has {times.Count} dated rows; the model reads the last {forecaster.Window}, " +
                "so at least that many are needed.");
        }

        if (data.Column(spec.Target).Count(v => TabularData.ParseNumber(v) is not null) < forecaster.Window)
        {
            throw new InvalidDataException($"The column '{spec.Target}' needs numbers in at least {forecaster.Window} rows.");
        }

        var forecast = forecaster.ForecastNext(data);
        var next = NextTimes(times, forecast.Count);
        var csv = new SpreadsheetCsv();
        csv.Row(["step", spec.TimeColumn, $"forecast_{spec.Target}"]);
        for (var i = 0; i < forecast.Count; i++)
        {
            csv.Row([i + 1, next?[i] ?? $"+{i + 1}", Math.Round(forecast[i], 6)]);
        }

        task.RowsWithIssues = data.Column(spec.Target).Count(v => TabularData.ParseNumber(v) is null); // filled in by interpolation
        return csv;
    }

    /// <summary>The times after the last one when the series steps by a whole number of days (daily, weekly…); null otherwise.</summary>
    private static IReadOnlyList<string>? NextTimes(IReadOnlyList<string> times, int count)
    {
        var dates = times.Select(TabularData.ParseDate).Where(d => d is not null).Select(d => d!.Value).Order().TakeLast(8).ToList();
        if (dates.Count < 3)
        {
            return null;
        }

        var steps = dates.Zip(dates.Skip(1), (a, b) => b - a).Distinct().ToList();
        if (steps.Count != 1 || steps[0] <= TimeSpan.Zero || steps[0].TotalDays % 1 != 0)
        {
            return null;
        }

        return Enumerable.Range(1, count).Select(
            i => dates[^1].AddDays(steps[0].TotalDays * i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
    }
}
