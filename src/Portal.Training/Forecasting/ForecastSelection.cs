namespace Portal.Training.Forecasting;

/// <summary>One candidate as the result page lists it: its error over the validation forecasts (MAE, and MASE on the run's scale).
/// </summary>
public sealed record ForecastCandidate(string Key, double ValidationMae, double? ValidationMase, bool Chosen)
{
    /// <summary>The members of an ensemble (empty for a single forecaster).</summary>
    public IReadOnlyList<string> Members { get; init; } = [];
}

/// <summary>A candidate's forecasts from each validation origin (each as long as the validation part leaves room for).</summary>
public sealed record ValidationForecasts(string Key, IReadOnlyList<double[]> Forecasts);

/// <summary>
/// Ranks the candidates by mean absolute error over the rolling validation forecasts (every origin, every step); Auto keeps the mean
/// of the three best (a forecast combination) unless one is clearly better, a single model choice keeps its best variant.
/// The prediction intervals' scale comes from the chosen forecaster's validation errors.
/// </summary>
public static class ForecastSelection
{
    public const string NetworkKey = "network";
    public const string EnsembleKey = "ensemble";
    public const int EnsembleSize = 3;

    /// <summary>A single candidate replaces the mean of the three best only when its validation error is below this share of the mean's.
    /// </summary>
    public const double ClearlyBetter = 0.75;

    /// <summary>z for the central 80% and 95% of a normal distribution.</summary>
    public static readonly (int Level, double Z)[] Intervals = [(80, 1.2816), (95, 1.9600)];

    public sealed record Choice(
        string Key, IReadOnlyList<string> Members, IReadOnlyList<ForecastCandidate> Candidates, IReadOnlyList<double> ErrorScales);

    /// <param name="origins">The index each validation origin sees last; forecasts from origin o are compared with values o+1….</param>
    /// <param name="scale">The MASE denominator (in-sample seasonal-naive MAE), null when there is none.</param>
    public static Choice Choose(
        IReadOnlyList<ValidationForecasts> candidates, IReadOnlyList<double> values, IReadOnlyList<int> origins, int horizon,
            double? scale, bool allowEnsemble)
    {
        var scored = candidates
            .Select(c => (c.Key, Members: (IReadOnlyList<string>)[], c.Forecasts, Mae: Mae(c.Forecasts, values, origins)))
            .ToList();
        var best = scored.OrderBy(c => c.Mae).Take(EnsembleSize).ToList();
        if (allowEnsemble && best.Count == EnsembleSize)
        {
            var mean = origins.Select((_, o) => Enumerable.Range(0, best[0].Forecasts[o].Length)
                .Select(s => best.Average(b => b.Forecasts[o][s])).ToArray()).ToList();
            scored.Add((EnsembleKey, best.Select(b => b.Key).ToList(), mean, Mae(mean, values, origins)));
        }

        // With a few dozen validation points the ranking of close candidates is mostly noise (on the benchmark series a single one
        // that was 10% better on validation was as often worse on the test part); the mean of the three best is rarely far from the
        // best and often better, so Auto keeps it unless one candidate is clearly better (by a quarter) than the mean.
        var single = scored.Where(c => c.Key != EnsembleKey).MinBy(c => c.Mae);
        var ensembles = scored.Where(c => c.Key == EnsembleKey).ToList();
        var chosen = ensembles.Count > 0 && single.Mae >= ClearlyBetter * ensembles[0].Mae ? ensembles[0] : single;

        var list = scored.Select(c => new ForecastCandidate(c.Key, c.Mae, scale is > 0 ? c.Mae / scale : null, c.Key == chosen.Key)
        {
            Members = c.Members,
        }).ToList();
        return new Choice(chosen.Key, chosen.Members.Count > 0 ? chosen.Members : [chosen.Key], list,
            ErrorScales(chosen.Forecasts, values, origins, horizon));
    }

    /// <summary>
    /// The root-mean-square validation error at each step ahead, pooled with the neighbouring steps (few origins see the far steps),
    /// never decreasing with the step; steps the validation part did not reach take the last known scale grown as √step.
    /// </summary>
    public static double[] ErrorScales(
        IReadOnlyList<double[]> forecasts, IReadOnlyList<double> values, IReadOnlyList<int> origins, int horizon)
    {
        var squares = new List<double>[horizon];
        for (var s = 0; s < horizon; s++)
        {
            squares[s] = [];
        }

        for (var o = 0; o < origins.Count; o++)
        {
            for (var s = 0; s < forecasts[o].Length && s < horizon; s++)
            {
                var error = values[origins[o] + 1 + s] - forecasts[o][s];
                squares[s].Add(error * error);
            }
        }

        var width = Math.Max(1, horizon / 6);
        var scales = new double[horizon];
        var lastKnown = -1;
        for (var s = 0; s < horizon; s++)
        {
            var pooled = Enumerable.Range(Math.Max(0, s - width), 2 * width + 1).Where(k => k < horizon)
                .SelectMany(k => squares[k]).ToList();
            if (squares[s].Count == 0 || pooled.Count == 0)
            {
                scales[s] = lastKnown < 0 ? 0 : scales[lastKnown] * Math.Sqrt((s + 1.0) / (lastKnown + 1));
                continue;
            }

            scales[s] = Math.Max(Math.Sqrt(pooled.Average()), s > 0 ? scales[s - 1] : 0);
            lastKnown = s;
        }

        return scales;
    }

    private static double Mae(IReadOnlyList<double[]> forecasts, IReadOnlyList<double> values, IReadOnlyList<int> origins)
    {
        double sum = 0;
        var count = 0;
        for (var o = 0; o < origins.Count; o++)
        {
            for (var s = 0; s < forecasts[o].Length; s++)
            {
                sum += Math.Abs(values[origins[o] + 1 + s] - forecasts[o][s]);
                count++;
            }
        }

        return count == 0 ? double.PositiveInfinity : sum / count;
    }
}
