namespace Portal.Training.Forecasting;

/// <summary>Which trend and season an exponential-smoothing model has (Hyndman's ETS taxonomy without the error term).</summary>
public enum SmoothingKind
{
    /// <summary>Level only (simple exponential smoothing).</summary>
    Level,

    /// <summary>Level and a damped additive trend.</summary>
    DampedTrend,

    /// <summary>Holt-Winters: additive trend and additive season.</summary>
    AdditiveSeason,

    /// <summary>Damped additive trend and additive season.</summary>
    DampedAdditiveSeason,

    /// <summary>Damped additive trend and multiplicative season (positive series only).</summary>
    DampedMultiplicativeSeason,
}

/// <summary>Smoothing weights: level α, trend β, season γ and damping φ (1 = no damping).</summary>
public sealed record SmoothingWeights(double Alpha, double Beta, double Gamma, double Phi);

/// <summary>
/// Exponential smoothing in error-correction form, with initial states from a line with seasonal offsets over the first seasons
/// (see <see cref="Initial"/>) and weights fitted by Nelder–Mead on the one-step squared error. The initial states are
/// a function of the data rather than fitted, so re-running the filter with saved weights on the same series gives the same forecast.
/// </summary>
public static class ExponentialSmoothing
{
    public static bool HasTrend(SmoothingKind kind) => kind != SmoothingKind.Level;

    public static bool HasSeason(SmoothingKind kind) => kind is SmoothingKind.AdditiveSeason or SmoothingKind.DampedAdditiveSeason
        or SmoothingKind.DampedMultiplicativeSeason;

    public static bool IsDamped(SmoothingKind kind) => kind is SmoothingKind.DampedTrend or SmoothingKind.DampedAdditiveSeason
        or SmoothingKind.DampedMultiplicativeSeason;

    /// <summary>Whether the kind can be fitted on a series of this length (two full seasons) and sign (multiplicative needs > 0).</summary>
    public static bool Applies(SmoothingKind kind, IReadOnlyList<double> y, int season) =>
        (!HasSeason(kind) || (season > 1 && y.Count >= 2 * season + 2))
        && (kind != SmoothingKind.DampedMultiplicativeSeason || y.All(v => v > 0))
        && y.Count >= 4;

    public static SmoothingWeights Fit(SmoothingKind kind, IReadOnlyList<double> y, int season)
    {
        var dimensions = 1 + (HasTrend(kind) ? 1 : 0) + (HasSeason(kind) ? 1 : 0) + (IsDamped(kind) ? 1 : 0);
        SmoothingWeights Weights(double[] u) => Map(kind, u);
        double Objective(double[] u) => SquaredError(kind, y, season, Weights(u));
        var budget = 200 * dimensions;
        var best = NelderMead.Minimize(Objective, Start(dimensions, 0.3), budget);
        foreach (var alpha in new[] { 0.05, 0.8 })
        {
            var candidate = NelderMead.Minimize(Objective, Start(dimensions, alpha), budget);
            if (candidate.Value < best.Value)
            {
                best = candidate;
            }
        }

        return Weights(best.Point);
    }

    /// <summary>The forecast for the <paramref name="horizon"/> steps after the last value of <paramref name="y"/>.</summary>
    public static double[] Forecast(SmoothingKind kind, IReadOnlyList<double> y, int season, SmoothingWeights w, int horizon)
    {
        var state = Run(kind, y, season, w, out _);
        var forecast = new double[horizon];
        var damping = 0.0;
        for (var h = 1; h <= horizon; h++)
        {
            damping += Math.Pow(w.Phi, h);
            var trend = HasTrend(kind) ? damping * state.Trend : 0;
            if (!HasSeason(kind))
            {
                forecast[h - 1] = state.Level + trend;
                continue;
            }

            var s = state.Season[(state.SeasonIndex + h - 1) % season];
            forecast[h - 1] = kind == SmoothingKind.DampedMultiplicativeSeason ? (state.Level + trend) * s : state.Level + trend + s;
        }

        return forecast;
    }

    public static double SquaredError(SmoothingKind kind, IReadOnlyList<double> y, int season, SmoothingWeights w)
    {
        Run(kind, y, season, w, out var sse);
        return double.IsFinite(sse) ? sse : double.MaxValue;
    }

    private sealed record State(double Level, double Trend, double[] Season, int SeasonIndex);

    /// <summary>Runs the filter over the whole series; <paramref name="sse"/> is the sum of squared one-step errors.</summary>
    private static State Run(SmoothingKind kind, IReadOnlyList<double> y, int season, SmoothingWeights w, out double sse)
    {
        var m = HasSeason(kind) ? season : 1;
        var multiplicative = kind == SmoothingKind.DampedMultiplicativeSeason;
        var (level, trend, seasonal) = Initial(kind, y, m);
        var phi = HasTrend(kind) ? w.Phi : 0;
        sse = 0;
        for (var t = 0; t < y.Count; t++)
        {
            var i = t % m;
            var s = HasSeason(kind) ? seasonal[i] : multiplicative ? 1 : 0;
            var baseLevel = level + phi * trend;
            var predicted = multiplicative ? baseLevel * s : baseLevel + s;
            var error = y[t] - predicted;
            sse += error * error;
            var newLevel = multiplicative
                ? w.Alpha * (y[t] / s) + (1 - w.Alpha) * baseLevel
                : w.Alpha * (y[t] - s) + (1 - w.Alpha) * baseLevel;
            if (HasTrend(kind))
            {
                trend = w.Beta * (newLevel - level) + (1 - w.Beta) * phi * trend;
            }

            if (HasSeason(kind))
            {
                seasonal[i] = multiplicative
                    ? w.Gamma * (y[t] / baseLevel) + (1 - w.Gamma) * s
                    : w.Gamma * (y[t] - baseLevel) + (1 - w.Gamma) * s;
            }

            level = newLevel;
        }

        return new State(level, trend, seasonal, y.Count % m);
    }

    /// <summary>
    /// States just before the first value, from a least-squares line with seasonal offsets (or factors) over the first five seasons
    /// (ten points without a season): the line gives level and trend, the detrended season positions' means the season.
    /// </summary>
    private static (double Level, double Trend, double[] Season) Initial(SmoothingKind kind, IReadOnlyList<double> y, int m)
    {
        if (!HasSeason(kind))
        {
            var (a0, b0) = Line(y, Math.Min(y.Count, 10), _ => 0, false);
            var slope = HasTrend(kind) ? b0 : 0;
            return (HasTrend(kind) ? a0 - slope : a0 + b0 * (Math.Min(y.Count, 10) - 1) / 2.0, slope, [0]);
        }

        var multiplicative = kind == SmoothingKind.DampedMultiplicativeSeason;
        var length = Math.Min(y.Count, 5 * m) / m * m;
        var seasonal = new double[m];
        var (a, b) = Line(y, length, _ => 0, false);
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < m; i++)
            {
                var (intercept, slope) = (a, b);
                var positions = Enumerable.Range(0, length / m).Select(k => i + k * m).ToList();
                seasonal[i] = positions.Average(t => multiplicative ? y[t] / (intercept + slope * t) : y[t] - (intercept + slope * t));
            }

            var centre = seasonal.Average();
            for (var i = 0; i < m; i++)
            {
                seasonal[i] = multiplicative ? seasonal[i] / centre : seasonal[i] - centre;
            }

            var fixedSeason = (double[])seasonal.Clone();
            (a, b) = Line(y, length, t => fixedSeason[t % m], multiplicative);
        }

        return (a - b, b, seasonal);
    }

    /// <summary>Least-squares intercept and slope of the first <paramref name="length"/> values with the season taken out.</summary>
    private static (double Intercept, double Slope) Line(IReadOnlyList<double> y, int length, Func<int, double> season, bool multiplicative)
    {
        double Adjusted(int t) => multiplicative ? y[t] / season(t) : y[t] - season(t);
        var meanT = (length - 1) / 2.0;
        var meanY = Enumerable.Range(0, length).Average(Adjusted);
        var sxx = Enumerable.Range(0, length).Sum(t => (t - meanT) * (t - meanT));
        var slope = sxx > 0 ? Enumerable.Range(0, length).Sum(t => (t - meanT) * (Adjusted(t) - meanY)) / sxx : 0;
        return (meanY - slope * meanT, slope);
    }

    /// <summary>Unbounded search coordinates to weights: α in (0,1), β ≤ α, γ ≤ 1 − α, φ in (0.8, 0.98).</summary>
    private static SmoothingWeights Map(SmoothingKind kind, double[] u)
    {
        static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
        var k = 0;
        var alpha = 0.0001 + 0.9998 * Sigmoid(u[k++]);
        var beta = HasTrend(kind) ? alpha * Sigmoid(u[k++]) : 0;
        var gamma = HasSeason(kind) ? (1 - alpha) * Sigmoid(u[k++]) : 0;
        var phi = IsDamped(kind) ? 0.8 + 0.18 * Sigmoid(u[k]) : 1;
        return new SmoothingWeights(alpha, beta, gamma, phi);
    }

    private static double[] Start(int dimensions, double alpha)
    {
        var start = new double[dimensions];
        start[0] = Math.Log(alpha / (1 - alpha));
        for (var i = 1; i < dimensions; i++)
        {
            start[i] = -1.5;
        }

        return start;
    }
}

/// <summary>The downhill simplex method (Nelder and Mead, 1965) with the usual coefficients.</summary>
public static class NelderMead
{
    public static (double[] Point, double Value) Minimize(Func<double[], double> f, double[] start, double maxEvaluations, double step = 1)
    {
        var n = start.Length;
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        for (var i = 0; i <= n; i++)
        {
            simplex[i] = (double[])start.Clone();
            if (i > 0)
            {
                simplex[i][i - 1] += step;
            }

            values[i] = f(simplex[i]);
        }

        var evaluations = n + 1;
        while (evaluations < maxEvaluations)
        {
            var order = Enumerable.Range(0, n + 1).OrderBy(i => values[i]).ToArray();
            simplex = order.Select(i => simplex[i]).ToArray();
            values = order.Select(i => values[i]).ToArray();
            if (Math.Abs(values[n] - values[0]) <= 1e-10 * (Math.Abs(values[0]) + 1e-12))
            {
                break;
            }

            var centroid = new double[n];
            for (var i = 0; i < n; i++)
            {
                for (var d = 0; d < n; d++)
                {
                    centroid[d] += simplex[i][d] / n;
                }
            }

            double[] Toward(double t) => centroid.Select((c, d) => c + t * (simplex[n][d] - c)).ToArray();
            var reflected = Toward(-1);
            var reflectedValue = f(reflected);
            evaluations++;
            if (reflectedValue < values[0])
            {
                var expanded = Toward(-2);
                var expandedValue = f(expanded);
                evaluations++;
                (simplex[n], values[n]) = expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue);
            }
            else if (reflectedValue < values[n - 1])
            {
                (simplex[n], values[n]) = (reflected, reflectedValue);
            }
            else
            {
                var contracted = Toward(reflectedValue < values[n] ? -0.5 : 0.5);
                var contractedValue = f(contracted);
                evaluations++;
                if (contractedValue < Math.Min(values[n], reflectedValue))
                {
                    (simplex[n], values[n]) = (contracted, contractedValue);
                }
                else
                {
                    for (var i = 1; i <= n; i++)
                    {
                        simplex[i] = simplex[i].Select((x, d) => simplex[0][d] + 0.5 * (x - simplex[0][d])).ToArray();
                        values[i] = f(simplex[i]);
                    }

                    evaluations += n;
                }
            }
        }

        var best = Array.IndexOf(values, values.Min());
        return (simplex[best], values[best]);
    }
}
