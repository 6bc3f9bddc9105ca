using System.Globalization;
using Portal.Core.Features.Exports;
using Portal.Training.Data;
using Portal.Training.Forecasting;
using Portal.Training.Packaging;

namespace Portal.Runs.Scoring;

/// <summary>
/// Forecasts: a file with the latest series (time, value and covariate columns as in training, at least one window
/// long); the next steps come back with their times on the series' calendar and their 80% and 95% intervals. There is no one-row
/// form.
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

        if (ForecastChecks.TimeProblems(spec, data).Problems is [var problem, ..])
        {
            throw new InvalidDataException(problem.Message);
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

        var (forecast, next, intervals) = forecaster.ForecastNext(data);
        var csv = new SpreadsheetCsv();
        csv.Row(["step", spec.TimeColumn, $"forecast_{spec.Target}", .. intervals.SelectMany(
            band => new object[] { $"lower_{band.Level}", $"upper_{band.Level}" })]);
        for (var i = 0; i < forecast.Count; i++)
        {
            csv.Row([i + 1, next[i], Math.Round(forecast[i], 6), .. intervals.SelectMany(
                band => new object[] { Math.Round(band.Lower[i], 6), Math.Round(band.Upper[i], 6) })]);
        }

        task.RowsWithIssues = data.Column(spec.Target).Count(v => TabularData.ParseNumber(v) is null); // filled in by interpolation
        return csv;
    }
}
