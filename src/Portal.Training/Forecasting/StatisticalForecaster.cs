namespace Portal.Training.Forecasting;

/// <summary>The statistical forecasters Auto compares with the lag network.</summary>
public enum StatisticalMethod
{
    /// <summary>Repeats the last value.</summary>
    Naive,

    /// <summary>Repeats the last season.</summary>
    SeasonalNaive,

    /// <summary>Extends the line from the first to the last value.</summary>
    Drift,

    /// <summary>Exponential smoothing of the given <see cref="SmoothingKind"/>.</summary>
    Smoothing,
}

/// <summary>
/// A fitted statistical forecaster, saved in the model package as it is: applying it to a series re-runs its filter from that series'
/// start with the saved weights, so the forecast after the training data is the same in the run and in scoring.
/// </summary>
public sealed record StatisticalForecaster(
    StatisticalMethod Method, int Season, SmoothingKind? Kind = null, SmoothingWeights? Weights = null)
{
    /// <summary>The candidate's key on the result page and in the package (<c>naive</c>, <c>ets.dampedTrend</c>…).</summary>
    public string Key => Method == StatisticalMethod.Smoothing ? $"ets.{Camel(Kind!.Value.ToString())}" : Camel(Method.ToString());

    private static string Camel(string name) => $"{char.ToLowerInvariant(name[0])}{name[1..]}";

    /// <summary>Every statistical candidate that applies to a series of this length, sign and season, fitted on it.</summary>
    public static IReadOnlyList<StatisticalForecaster> Candidates(IReadOnlyList<double> y, int season)
    {
        var candidates = new List<StatisticalForecaster> { new(StatisticalMethod.Naive, 1) };
        if (season > 1 && y.Count > season)
        {
            candidates.Add(new(StatisticalMethod.SeasonalNaive, season));
        }

        candidates.Add(new(StatisticalMethod.Drift, 1));
        candidates.AddRange(SmoothingKinds(y, season).Select(kind => Smoothing(kind, y, season)));
        return candidates;
    }

    public static IEnumerable<SmoothingKind> SmoothingKinds(IReadOnlyList<double> y, int season) =>
        Enum.GetValues<SmoothingKind>().Where(kind => ExponentialSmoothing.Applies(kind, y, season));

    public static StatisticalForecaster Smoothing(SmoothingKind kind, IReadOnlyList<double> y, int season) =>
        new(StatisticalMethod.Smoothing, season, kind, ExponentialSmoothing.Fit(kind, y, season));

    /// <summary>The same method with its weights fitted again on <paramref name="y"/> (more history than the first fit saw).</summary>
    public StatisticalForecaster Refit(IReadOnlyList<double> y) =>
        Method == StatisticalMethod.Smoothing && ExponentialSmoothing.Applies(Kind!.Value, y, Season) ? Smoothing(Kind.Value, y, Season)
        : this;

    /// <summary>The <paramref name="horizon"/> values after the end of <paramref name="history"/>.</summary>
    public double[] Forecast(IReadOnlyList<double> history, int horizon)
    {
        var n = history.Count;
        var last = history[n - 1];
        switch (Method)
        {
            case StatisticalMethod.SeasonalNaive when n >= Season:
                return Enumerable.Range(0, horizon).Select(h => history[n - Season + h % Season]).ToArray();
            case StatisticalMethod.Drift when n > 1:
            {
                var slope = (last - history[0]) / (n - 1);
                return Enumerable.Range(1, horizon).Select(h => last + h * slope).ToArray();
            }

            case StatisticalMethod.Smoothing when ExponentialSmoothing.Applies(Kind!.Value, history, Season):
                return ExponentialSmoothing.Forecast(Kind.Value, history, Season, Weights!, horizon);
            default:
                return Enumerable.Repeat(last, horizon).ToArray();
        }
    }
}
