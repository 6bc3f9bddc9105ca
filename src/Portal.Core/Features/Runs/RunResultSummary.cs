namespace Portal.Core.Features.Runs;

public sealed record ImportanceEntry(string Feature, double Importance);

/// <summary>
/// What a finished run produced, as stored on the run (the model package holds everything else). Headline is R² for
/// regression and accuracy for classification, next to the same number for the naive baseline.
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
    IReadOnlyList<ImportanceEntry> FeatureImportance);
