using Portal.Training.Data;

namespace Portal.Training.Forecasting;

/// <summary>Fitted on the training part and saved with the model: standardisation of the target and each covariate, the season
/// and window, and which forecaster was chosen (the statistical ones with their weights; the network's weights are the
/// package's).</summary>
public sealed record ForecastState(IReadOnlyList<double> Means, IReadOnlyList<double> Stds, int Season, int Window)
{
    /// <summary>The chosen candidate's key (<c>network</c>, <c>ets.dampedTrend</c>, <c>ensemble</c>…).</summary>
    public string Choice { get; init; } = ForecastSelection.NetworkKey;

    /// <summary>The statistical members of the chosen forecaster; their forecasts are averaged with the network's if it is one.</summary>
    public IReadOnlyList<StatisticalForecaster> Statistical { get; init; } = [];

    /// <summary>Whether the network is (part of) the chosen forecaster; packages from before the statistical candidates always use it.
    /// </summary>
    public bool UsesNetwork { get; init; } = true;

    /// <summary>Standard deviation of the chosen forecaster's validation errors at each step ahead, for the prediction intervals.</summary>
    public IReadOnlyList<double> ErrorScales { get; init; } = [];
}

/// <summary>
/// The series in time order on its time axis (missing periods inserted, missing values interpolated), split by time: the last
/// <c>Horizon</c> points are the test part, the validation origins come before them, and at least two seasons of history before those.
/// Standardised on the training part for the network.
/// </summary>
public sealed class ForecastSeries
{
    public required string[] Times { get; init; }
    public required double[] Values { get; init; }

    /// <summary>[time][feature]: the standardised target first, then the standardised covariates.</summary>
    public required float[][] Features { get; init; }

    /// <summary>Points up to and including the first validation origin.</summary>
    public required int TrainEnd { get; init; }

    /// <summary>Points before the test part (the last <c>Horizon</c> points).</summary>
    public required int ValidationEnd { get; init; }
    public required IReadOnlyList<double> Means { get; init; }
    public required IReadOnlyList<double> Stds { get; init; }
    public double Mean => Means[0];
    public double Std => Stds[0];

    /// <summary>Missing values interpolated, counting the missing times inserted.</summary>
    public required int FilledGaps { get; init; }
    public required int InsertedTimes { get; init; }
    public required TimeAxis Axis { get; init; }
    public required int Season { get; init; }
    public required long LastPeriod { get; init; }

    /// <summary>The origins of the validation forecasts (the last index each one sees); those near the test part forecast fewer
    /// steps, up to the last validation point.</summary>
    public IReadOnlyList<int> ValidationOrigins => Enumerable.Range(TrainEnd - 1, ValidationEnd - TrainEnd).ToList();

    /// <summary>The times of the <paramref name="count"/> periods after the series.</summary>
    public IReadOnlyList<string> NextTimes(int count) => Enumerable.Range(1, count).Select(k => Axis.Label(LastPeriod + k)).ToList();

    /// <param name="fitted">Standardisation and season from a trained model (scoring); null fits them on this data.</param>
    public static ForecastSeries Prepare(ForecastSpecification spec, TabularData data, ForecastState? fitted = null)
    {
        var timeText = data.Column(spec.TimeColumn);
        var reading = TimeAxis.Read(timeText);
        var axis = reading.Axis ?? throw new InvalidDataException(reading.Problem);
        var byPeriod = new SortedDictionary<long, int>();
        for (var r = 0; r < data.RowCount; r++)
        {
            if (reading.Periods[r] is { } p)
            {
                byPeriod.TryAdd(p, r);
            }
        }

        var first = byPeriod.Keys.First();
        var last = byPeriod.Keys.Last();
        var rows = Enumerable.Range(0, (int)(last - first + 1)).Select(k => byPeriod.TryGetValue(first + k, out var r) ? r : -1).ToArray();
        double? At(string column, int row) => row < 0 ? null : TabularData.ParseNumber(data.Column(column)[row]);
        var (values, filled) = Fill(rows.Select(r => At(spec.Target, r)).ToArray());
        var n = values.Length;
        var season = fitted?.Season ?? ChooseSeason(spec, values, axis);
        var (trainEnd, validationEnd) = Split(n, spec.Horizon, season)
            ?? (Math.Max(1, n - spec.Horizon - 1), Math.Max(2, n - spec.Horizon)); // too short: Validate refuses it before training

        var columns = new List<double[]> { values };
        columns.AddRange(spec.Covariates.Select(c => Fill(rows.Select(r => At(c, r)).ToArray()).Values));
        var stats = fitted is null
            ? columns.Select(c => Standardisation(c[..trainEnd])).ToList()
            : fitted.Means.Zip(fitted.Stds, (m, sd) => (Mean: m, Std: sd)).ToList();
        var features = Enumerable.Range(0, n)
            .Select(t => columns.Select((c, k) => (float)((c[t] - stats[k].Mean) / stats[k].Std)).ToArray())
            .ToArray();

        return new ForecastSeries
        {
            Times = rows.Select((r, k) => r >= 0 ? timeText[r]!.Trim() : axis.Label(first + k)).ToArray(),
            Values = values,
            Features = features,
            TrainEnd = trainEnd,
            ValidationEnd = validationEnd,
            Means = stats.Select(p => p.Mean).ToList(),
            Stds = stats.Select(p => p.Std).ToList(),
            FilledGaps = filled,
            InsertedTimes = rows.Count(r => r < 0),
            Axis = axis,
            Season = season,
            LastPeriod = last,
        };
    }

    /// <summary>
    /// The end of the training part and of the validation part for a series of <paramref name="n"/> points, or null when the horizon
    /// leaves too little history: the test part is the last <paramref name="horizon"/> points; before it, up to
    /// horizon + max(horizon, 12) − 1 points are validation (forecast from every origin before them), and at least
    /// <see cref="MinimumHistory"/> points precede those.
    /// </summary>
    public static (int TrainEnd, int ValidationEnd)? Split(int n, int horizon, int season)
    {
        var room = n - horizon - MinimumHistory(season);
        if (horizon < 1 || room < 1)
        {
            return null;
        }

        var validation = Math.Min(room, horizon + Math.Max(horizon, 12) - 1);
        return (n - horizon - validation, n - horizon);
    }

    /// <summary>Two full seasons and two more points (what a seasonal model needs to start), at least 8.</summary>
    public static int MinimumHistory(int season) => Math.Max(8, season > 1 ? 2 * season + 2 : 0);

    /// <summary>The given season; else the calendar's (12 for months, 4 for quarters, 7 for days…) when two seasons fit before the
    /// validation and test parts (the non-seasonal candidates still compete), else one detected in the series.</summary>
    private static int ChooseSeason(ForecastSpecification spec, double[] values, TimeAxis axis)
    {
        if (spec.Season is { } given)
        {
            return given;
        }

        if (axis.NaturalSeason > 1 && Split(values.Length, spec.Horizon, axis.NaturalSeason) is not null)
        {
            return axis.NaturalSeason;
        }

        var history = values[..Math.Max(0, values.Length - spec.Horizon - 1)];
        var season = SeasonDetector.Detect(history);
        return Split(values.Length, spec.Horizon, season) is null ? 1 : season;
    }

    public static int WindowFor(ForecastSpecification spec, int season) =>
        spec.Window ?? Math.Min(128, Math.Max(8, Math.Max(2 * season, 2 * spec.Horizon)));

    private static (double[] Values, int Filled) Fill(double?[] raw)
    {
        var values = new double[raw.Length];
        var filled = 0;
        var lastKnown = -1;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] is { } v)
            {
                values[i] = v;
                // Linear interpolation over the gap since the last known value.
                for (var g = lastKnown + 1; g < i && lastKnown >= 0; g++)
                {
                    values[g] = values[lastKnown] + (v - values[lastKnown]) * (g - lastKnown) / (i - lastKnown);
                }

                lastKnown = i;
            }
            else
            {
                filled++;
            }
        }

        // Leading gaps take the first known value, trailing ones the last.
        var first = Array.FindIndex(raw, v => v is not null);
        for (var i = 0; i < raw.Length && first >= 0; i++)
        {
            if (i < first)
            {
                values[i] = values[first];
            }
            else if (i > lastKnown)
            {
                values[i] = values[lastKnown];
            }
        }

        return (values, filled);
    }

    private static (double Mean, double Std) Standardisation(double[] values)
    {
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        return (mean, std > 1e-12 ? std : 1);
    }
}
