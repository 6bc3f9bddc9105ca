using Portal.Training.Metrics;
using Portal.Training.Preprocessing;
using Portal.Training.Specification;

namespace Portal.Training.Trainers;

/// <summary>Test-split scores next to the naive baseline, the learning curve and the predictions behind the scores.</summary>
public sealed record TabularTrainingResult(
    TrainingTask Task,
    PreprocessingState Preprocessing,
    DataSplit Split,
    RegressionScores? Regression,
    RegressionScores? RegressionBaseline,
    ClassificationScores? Classification,
    ClassificationScores? ClassificationBaseline,
    IReadOnlyList<EpochRecord> History,
    int BestEpoch,
    bool StoppedEarly,
    bool Resumed,
    IReadOnlyList<double> TestPredictions,
    IReadOnlyList<double[]>? TestProbabilities,
    IReadOnlyList<Evaluation.FeatureImportance> FeatureImportance,
    IReadOnlyList<Evaluation.SliceScore> Slices,
    string Device,
    TimeSpan Duration)
{
    /// <summary>The model family that was trained (the chosen one when the specification said Auto).</summary>
    public ModelFamily Model { get; init; }

    /// <summary>The models Auto compared, by mean validation loss (across <see cref="Folds"/> folds, or on the validation rows when
    /// 0); empty when one model was asked for.</summary>
    public IReadOnlyList<TabularCandidate> Candidates { get; init; } = [];

    public int Folds { get; init; }

    /// <summary>The 95% bootstrap interval of the headline (R² or accuracy) over the test rows.</summary>
    public ScoreInterval? HeadlineInterval { get; init; }

    /// <summary>The best weights, which the model package copies.</summary>
    public string WeightsFile { get; init; } = string.Empty;
}

/// <summary>A model Auto compared: its validation loss (mean over the cross-validation folds) and whether it was kept.</summary>
public sealed record TabularCandidate(ModelFamily Model, double ValidationLoss, bool Chosen);
