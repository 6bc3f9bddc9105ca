using System.Globalization;
using Portal.Training.Data;
using Portal.Training.Entities;
using Portal.Training.Forecasting;
using Portal.Training.Metrics;
using Portal.Training.Text;
using Portal.Training.Trainers;

namespace Portal.Runs.Results;

/// <summary>Entity scores for the result page: per type, against the most-frequent-tag baseline, with example sentences.</summary>
public sealed record EntityEvaluation(
    EntityScores Scores, EntityScores Baseline, double TokenAccuracy, IReadOnlyList<TaggedExample> Examples);

/// <summary>
/// A forecast for the result page: the whole series as the model saw it (split at <see cref="TrainEnd"/> and
/// <see cref="ValidationEnd"/>), the forecast of the test part, the baselines, the candidates compared, and the forecast beyond the
/// data with its times and intervals. Runs from before the statistical candidates have rolling test forecasts and no intervals.
/// </summary>
public sealed record ForecastEvaluation(
    ForecastScores Scores,
    ForecastScores Naive,
    ForecastScores SeasonalNaive,
    int Season,
    bool SeasonDetected,
    int Horizon,
    IReadOnlyList<string> Times,
    IReadOnlyList<double> Values,
    int TrainEnd,
    int ValidationEnd,
    IReadOnlyList<ForecastPoint> TestForecasts,
    IReadOnlyList<double> NextForecast)
{
    /// <summary>The baseline the headline is compared with: seasonal-naive when a season was used, else repeating the last value.</summary>
    public ForecastScores Baseline => Season > 1 ? SeasonalNaive : Naive;

    public IReadOnlyList<ForecastCandidate> Candidates { get; init; } = [];

    /// <summary>The chosen candidate's key; null for runs from before the choice.</summary>
    public string? Choice { get; init; }

    public string? NetworkSkipped { get; init; }

    public IReadOnlyList<string> NextTimes { get; init; } = [];

    public IReadOnlyList<ForecastBand> NextIntervals { get; init; } = [];

    public IReadOnlyList<ForecastBand> TestIntervals { get; init; } = [];

    public TimeFrequency? Frequency { get; init; }

    public int InsertedTimes { get; init; }

    /// <summary>The chosen forecaster did worse on the test part than repeating the last season (or value): the page says so.</summary>
    public bool WorseThanBaseline => Scores.Mae > Baseline.Mae;
}

/// <summary>The evaluation file and run summary of the text, entity and forecasting tasks.</summary>
public static class TaskEvaluations
{
    public static RunEvaluation Text(TextSpecification spec, TextTrainingResult result, TabularData data)
    {
        var labels = data.Column(spec.LabelColumn);
        var majority = result.Split.Train.Select(r => labels[r]?.Trim()).Where(l => !string.IsNullOrEmpty(l))
            .GroupBy(l => l!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key)
                .FirstOrDefault();
        var rows = result.Split.Test.Select((row, i) =>
        {
            var p = result.TestProbabilities[i];
            return new PredictionRow(row + 1, labels[row]?.Trim(), result.Classes[Array.IndexOf(p, p.Max())], null, p);
        }).ToList();
        return new RunEvaluation(
            RunTask.TextClassification.ToString(), spec.LabelColumn, result.Classes, null, null, result.Scores, result.Baseline,
            majority, [], [], null, result.History, rows, RunEvaluation.SoftwareVersions(), result.MostConfused)
        {
            Text = new TextSelection(
                TextSpecification.ModelKey(result.Model), result.Balanced, result.Imbalance, result.Candidates, result.Folds,
                    result.MacroF1Interval),
        };
    }

    /// <summary>Macro-F1 is the headline of text runs: on imbalanced corpora accuracy rewards answering the majority class.</summary>
    public static RunResultSummary TextSummary(TextSpecification spec, TextTrainingResult r) => new(
        RunTask.TextClassification, TextSpecification.ModelKey(r.Model), "macroF1", r.Scores.MacroF1, r.Baseline.MacroF1, null, null, null,
            r.Scores.MacroF1,
        r.BestEpoch, r.History.Count, r.History.Count < spec.Hyperparameters.Epochs, r.Resumed,
        r.Split.Train.Length, r.Split.Validation.Length, r.Split.Test.Length, r.Device, r.Duration.TotalSeconds, [])
    {
        HeadlineLow = r.MacroF1Interval?.Low, HeadlineHigh = r.MacroF1Interval?.High,
    };

    public static RunEvaluation Entities(EntityTrainingResult result)
    {
        var types = result.Scores.PerType.Select(t => t.Type).ToList();
        var rows = result.TestTokens.Select((tokens, i) =>
        {
            var gold = EntityMetrics.Spans(result.TestGold[i]);
            var predicted = EntityMetrics.Spans(result.TestPredictions[i]);
            return new PredictionRow(i + 1, Describe(tokens, gold), Describe(tokens, predicted), null, null);
        }).ToList();
        return new RunEvaluation(
            RunTask.EntityRecognition.ToString(), "entities", types, null, null, null, null, null, [], [], null, result.History,
            rows, RunEvaluation.SoftwareVersions(), null, new EntityEvaluation(
                result.Scores, result.Baseline, result.TokenAccuracy, result.Examples));
    }

    public static RunResultSummary EntitySummary(EntitySpecification spec, EntityTrainingResult r)
    {
        var interval = EntityF1Interval(r, spec.Split.Seed);
        return new RunResultSummary(
            RunTask.EntityRecognition, spec.Model.ToString(), "f1", r.Scores.F1, r.Baseline.F1, null, null, null, r.Scores.MacroF1,
            r.BestEpoch, r.History.Count, r.History.Count < spec.Hyperparameters.Epochs, r.Resumed,
            r.Split.Train.Length, r.Split.Validation.Length, r.Split.Test.Length, r.Device, r.Duration.TotalSeconds, [])
        {
            HeadlineLow = interval?.Low, HeadlineHigh = interval?.High,
        };
    }

    /// <summary>The 95% bootstrap interval of span F1 over the test sentences (each sentence's spans found, missed and wrong).</summary>
    public static ScoreInterval? EntityF1Interval(EntityTrainingResult r, int seed)
    {
        var counts = r.TestGold.Select((gold, i) =>
        {
            var expected = EntityMetrics.Spans(gold).ToHashSet();
            var found = EntityMetrics.Spans(r.TestPredictions[i]);
            var right = found.Count(expected.Contains);
            return (Right: right, Wrong: found.Count - right, Missed: expected.Count - right);
        }).ToList();
        return Bootstrap.Of(counts.Count, rows =>
        {
            var (right, wrong, missed) = (rows.Sum(s => counts[s].Right), rows.Sum(s => counts[s].Wrong), rows.Sum(s => counts[s].Missed));
            return right == 0 ? 0 : 2.0 * right / (2.0 * right + wrong + missed);
        }, seed);
    }

    public static RunEvaluation Forecast(ForecastSpecification spec, ForecastResult result, ForecastSeries series)
    {
        var index = series.Times.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        var rows = result.TestForecasts.Select(p => new PredictionRow(
            index.GetValueOrDefault(p.Time) + 1,
            p.Actual.ToString("G6", CultureInfo.InvariantCulture),
            p.Predicted.ToString("G6", CultureInfo.InvariantCulture),
            p.Predicted - p.Actual,
            null)).ToList();
        var evaluation = new ForecastEvaluation(
            result.Scores, result.NaiveBaseline, result.SeasonalNaiveBaseline, result.Season, result.SeasonDetected, spec.Horizon,
            series.Times, series.Values, series.TrainEnd, series.ValidationEnd, result.TestForecasts, result.NextForecast)
        {
            Candidates = result.Candidates, Choice = result.State.Choice, NetworkSkipped = result.NetworkSkipped,
            NextTimes = result.NextTimes,
            NextIntervals = result.NextIntervals, TestIntervals = result.TestIntervals, Frequency = result.Frequency,
            InsertedTimes = result.InsertedTimes,
        };
        return new RunEvaluation(
            RunTask.Forecasting.ToString(), spec.Target, [], null, null, null, null, null, [], [], null, result.History,
            rows, RunEvaluation.SoftwareVersions(), null, null, evaluation);
    }

    public static RunResultSummary ForecastSummary(ForecastSpecification spec, ForecastResult r, ForecastSeries series)
    {
        var baseline = r.Season > 1 ? r.SeasonalNaiveBaseline : r.NaiveBaseline;
        var interval = Bootstrap.MeanAbsolute(r.TestForecasts.Select(p => p.Predicted - p.Actual).ToList(), spec.Seed);
        return new RunResultSummary(
            RunTask.Forecasting, ForecastSpecification.ModelKey(spec.Model), "mae", r.Scores.Mae, baseline.Mae, r.Scores.Rmse,
                baseline.Rmse, r.Scores.Mae, null,
            r.BestEpoch, r.History.Count, r.History.Count < spec.Hyperparameters.Epochs, r.Resumed,
            series.TrainEnd, series.ValidationEnd - series.TrainEnd, series.Values.Length - series.ValidationEnd, r.Device,
                r.Duration.TotalSeconds, [])
        {
            HeadlineLow = interval?.Low, HeadlineHigh = interval?.High,
        };
    }

    /// <summary>Spans as "ORG: World Bank; LOC: Geneva", for the predictions grid and its CSV.</summary>
    public static string Describe(IReadOnlyList<string> tokens, IReadOnlyList<EntitySpan> spans) =>
        spans.Count == 0 ? "–" : string.Join(
            "; ", spans.Select(s => $"{s.Type}: {string.Join(' ', tokens.Skip(s.Start).Take(s.End - s.Start))}"));
}
