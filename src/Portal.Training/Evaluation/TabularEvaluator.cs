using Portal.Training.Data;
using Portal.Training.Metrics;
using Portal.Training.Preprocessing;
using Portal.Training.Specification;
using Portal.Training.Trainers;

namespace Portal.Training.Evaluation;

/// <summary>Scores the best weights on the test split next to the naive baseline, with feature importance and slices.</summary>
internal static class TabularEvaluator
{
    public static TabularTrainingResult Evaluate(
        TabularSpecification spec, TabularDataset prepared, TabularPredictor predictor, CheckpointState state, bool resumed, string device,
            TimeSpan duration)
    {
        var data = prepared.Data;
        var test = prepared.Split.Test;
        var predictions = predictor.Predict(data, test);
        var scorer = new TestScorer(spec, prepared);
        var importance = PermutationImportance.Compute(predictor, data, test, scorer, spec.Split.Seed);
        var slices = spec.GroupingColumn is { } grouping ? SliceMetrics.Compute(data, test, grouping, predictions, scorer) : [];
        var stoppedEarly = state.EpochsDone < spec.Hyperparameters.Epochs;

        return new TabularTrainingResult(spec.Task, prepared.State, prepared.Split,
            scorer.Regression(test, predictions), scorer.RegressionBaseline(test),
            scorer.Classification(test, predictions), scorer.ClassificationBaseline(test),
            state.History, state.BestEpoch, stoppedEarly, resumed, predictions.Values, predictions.Probabilities,
            importance, slices, device, duration)
        {
            HeadlineInterval = scorer.HeadlineInterval(test, predictions, spec.Split.Seed),
        };
    }
}

/// <summary>Metrics of predictions against the actual targets of the given rows; baselines from the training rows.</summary>
internal sealed class TestScorer(TabularSpecification spec, TabularDataset prepared)
{
    private readonly string?[] target = prepared.Data.Column(spec.Target);
    private readonly PreprocessingState state = prepared.State;

    public bool IsRegression => spec.Task == TrainingTask.Regression;

    /// <summary>The headline number, higher is better: R² or accuracy.</summary>
    public double Headline(IReadOnlyList<int> rows, Predictions predictions) =>
        IsRegression ? Regression(rows, predictions)!.RSquared : Classification(rows, predictions)!.Accuracy;

    /// <summary>The 95% bootstrap interval of <see cref="Headline"/> over these rows.</summary>
    public ScoreInterval? HeadlineInterval(IReadOnlyList<int> rows, Predictions predictions, int seed) =>
        IsRegression ? Bootstrap.RSquared(Actual(rows), predictions.Values, seed)
        : Bootstrap.Accuracy(ActualClasses(rows), predictions.Values.Select(v => (int)v).ToList(), seed);

    public RegressionScores? Regression(IReadOnlyList<int> rows, Predictions predictions) =>
        IsRegression ? RegressionMetrics.Score(Actual(rows), predictions.Values) : null;

    public RegressionScores? RegressionBaseline(IReadOnlyList<int> rows) =>
        IsRegression ? RegressionMetrics.Score(Actual(rows), rows.Select(_ => state.Target.Mean).ToList()) : null;

    public ClassificationScores? Classification(IReadOnlyList<int> rows, Predictions predictions) =>
        IsRegression ? null : ClassificationMetrics.Score(
            state.Target.Classes, ActualClasses(rows), predictions.Values.Select(v => (int)v).ToList(), predictions.Probabilities);

    public ClassificationScores? ClassificationBaseline(IReadOnlyList<int> rows)
    {
        if (IsRegression)
        {
            return null;
        }

        var majority = ActualClasses(prepared.Split.Train).GroupBy(c => c).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        return ClassificationMetrics.Score(state.Target.Classes, ActualClasses(rows), rows.Select(_ => majority).ToList());
    }

    private List<double> Actual(IReadOnlyList<int> rows) => rows.Select(r => TabularData.ParseNumber(target[r])!.Value).ToList();

    private List<int> ActualClasses(IReadOnlyList<int> rows)
    {
        var index = state.Target.Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        return rows.Select(r => index[target[r]!.Trim()]).ToList();
    }
}
