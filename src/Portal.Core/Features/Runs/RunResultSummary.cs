namespace Portal.Core.Features.Runs;

public sealed record ImportanceEntry(string Feature, double Importance);

/// <summary>
/// What a finished run produced, as stored on the run (the model package holds everything else). Headline is R² for
/// regression, accuracy for classification and text, entity F1 for entities and MAE for forecasts, next to the same
/// number for the naive baseline (majority class, most frequent tag per word, seasonal-naive forecast).
/// </summary>
public sealed record RunResultSummary(
    RunTask Task,
    string Model,
    string HeadlineMetric,
    double Headline,
    double BaselineHeadline,
    double? Rmse,
    double? BaselineRmse,
    double? Mae,
    double? MacroF1,
    int BestEpoch,
    int EpochsDone,
    bool StoppedEarly,
    bool Resumed,
    int TrainRows,
    int ValidationRows,
    int TestRows,
    string Device,
    double TrainingSeconds,
    IReadOnlyList<ImportanceEntry> FeatureImportance)
{
    /// <summary>The 95% bootstrap interval of the headline over the test rows (or points); null for runs from before intervals.</summary>
    public double? HeadlineLow { get; init; }

    public double? HeadlineHigh { get; init; }

    /// <summary>Fewer test rows than this and the page warns that the headline could move a lot on new data.</summary>
    public const int FewTestRows = 50;

    /// <summary>Error metrics (MAE for forecasts) are better when lower; R², accuracy and F1 when higher.</summary>
    public static bool HigherIsBetter(string metric) => metric is not ("mae" or "rmse");
}
