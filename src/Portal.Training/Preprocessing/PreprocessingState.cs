using Portal.Training.Specification;

namespace Portal.Training.Preprocessing;

/// <summary>A numeric feature: missing values become the training median, then standardised; an indicator column marks them.</summary>
public sealed record NumericEncoding(string Column, double Median, double Mean, double Std, bool MissingIndicator)
{
    public int Width => MissingIndicator ? 2 : 1;
}

/// <summary>
/// A categorical feature, one-hot: the kept levels, then one slot for rare or unseen levels, then one for missing.
/// <see cref="RareLevels"/> were seen in training but pooled, so scoring does not report them as unseen.
/// </summary>
public sealed record CategoricalEncoding(string Column, IReadOnlyList<string> Levels, IReadOnlyList<string> RareLevels)
{
    public int Width => Levels.Count + 2;
}

/// <summary>A date/time feature expanded into the year (standardised) and month and weekday as points on a circle, plus a missing
/// flag.</summary>
public sealed record DateEncoding(string Column, double YearMean, double YearStd)
{
    public const int Width = 6;
}

/// <summary>Regression targets are standardised for training; classification targets map to class indices.</summary>
public sealed record TargetEncoding(TrainingTask Task, double Mean, double Std, IReadOnlyList<string> Classes);

/// <summary>Everything fitted on the training rows, saved with the model so scoring transforms new rows the same way.</summary>
public sealed record PreprocessingState(
    IReadOnlyList<NumericEncoding> Numeric,
    IReadOnlyList<CategoricalEncoding> Categorical,
    IReadOnlyList<string> IgnoredColumns,
    TargetEncoding Target,
    IReadOnlyList<DateEncoding>? Dates = null)
{
    public int Width => Numeric.Sum(n => n.Width) + Categorical.Sum(c => c.Width) + (Dates?.Count ?? 0) * DateEncoding.Width;

    public int Outputs => Target.Task == TrainingTask.Regression ? 1 : Target.Classes.Count;
}
