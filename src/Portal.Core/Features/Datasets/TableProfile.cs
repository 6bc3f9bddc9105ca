namespace Portal.Core.Features.Datasets;

public sealed record ValueCount(string Value, long Count);

public sealed record Histogram(double Start, double Width, IReadOnlyList<long> Counts);

/// <summary>One column's profile. Numbers come from every value; quantiles and the histogram from a seeded sample of up to
/// 10,000.</summary>
public sealed record ColumnProfile(
    string Name,
    string Type,
    long Missing,
    long Distinct,
    bool DistinctIsLowerBound,
    double? Min,
    double? Max,
    double? Mean,
    double? Std,
    IReadOnlyList<double>? Quantiles,
    IReadOnlyList<ValueCount> TopValues,
    Histogram? Histogram,
    double? MeanLength);

public sealed record TableProfile(long Rows, IReadOnlyList<ColumnProfile> Columns)
{
    public static readonly double[] QuantileLevels = [0.05, 0.25, 0.5, 0.75, 0.95];
}
