using System.Globalization;
using Portal.Training.Data;
using Portal.Training.Specification;

namespace Portal.Training.Forecasting;

/// <summary>Fitted on the training part and saved with the model: standardisation of the target and each covariate.</summary>
public sealed record ForecastState(IReadOnlyList<double> Means, IReadOnlyList<double> Stds, int Season, int Window);

/// <summary>The series in time order, gaps filled, split by time (never shuffled across it), standardised on the training part.</summary>
public sealed class ForecastSeries
{
    public required string[] Times { get; init; }
    public required double[] Values { get; init; }

    /// <summary>[time][feature]: the standardised target first, then the standardised covariates.</summary>
    public required float[][] Features { get; init; }
    public required int TrainEnd { get; init; }
    public required int ValidationEnd { get; init; }
    public required IReadOnlyList<double> Means { get; init; }
    public required IReadOnlyList<double> Stds { get; init; }
    public double Mean => Means[0];
    public double Std => Stds[0];
    public required int FilledGaps { get; init; }

    /// <param name="fitted">Standardisation from a trained model (scoring); null fits it on this data's training part.</param>
    public static ForecastSeries Prepare(ForecastSpecification spec, TabularData data, ForecastState? fitted = null)
    {
        var timeText = data.Column(spec.TimeColumn);
        var order = Enumerable.Range(0, data.RowCount).Where(r => !TabularData.IsMissing(timeText[r]))
            .OrderBy(r => SortKey(timeText[r]!)).ToArray();
        var target = data.Column(spec.Target);
        var (values, filled) = Fill(order.Select(r => TabularData.ParseNumber(target[r])).ToArray());
        var n = values.Length;
        var trainEnd = (int)(n * (1 - spec.ValidationFraction - spec.TestFraction));
        var validationEnd = (int)(n * (1 - spec.TestFraction));

        var columns = new List<double[]> { values };
        columns.AddRange(spec.Covariates.Select(c => Fill(order.Select(r => TabularData.ParseNumber(data.Column(c)[r])).ToArray()).Values));
        var stats = fitted is null
            ? columns.Select(c => Standardisation(c[..trainEnd])).ToList()
            : fitted.Means.Zip(fitted.Stds, (m, sd) => (Mean: m, Std: sd)).ToList();
        var features = Enumerable.Range(0, n)
            .Select(t => columns.Select((c, k) => (float)((c[t] - stats[k].Mean) / stats[k].Std)).ToArray())
            .ToArray();

        return new ForecastSeries
        {
            Times = order.Select(r => timeText[r]!.Trim()).ToArray(),
            Values = values,
            Features = features,
            TrainEnd = trainEnd,
            ValidationEnd = validationEnd,
            Means = stats.Select(p => p.Mean).ToList(),
            Stds = stats.Select(p => p.Std).ToList(),
            FilledGaps = filled,
        };
    }

    public static IReadOnlyList<SettingProblem> Validate(ForecastSpecification spec, TabularData data)
    {
        var problems = new List<SettingProblem>();
        foreach (
            var (setting, column) in new[] { ("Target", spec.Target), ("TimeColumn", spec.TimeColumn) }.Concat(
                spec.Covariates.Select(c => ("Covariates", c))))
        {
            if (!data.HasColumn(column))
            {
                problems.Add(new SettingProblem(setting, "Column.Missing", $"The column '{column}' is not in the dataset.", column));
            }
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        var values = data.Column(spec.Target).Select(TabularData.ParseNumber).ToList();
        var present = values.Count(v => v is not null);
        var times = data.Column(spec.TimeColumn).Where(t => !TabularData.IsMissing(t)).Select(t => t!.Trim()).ToList();
        if (present < values.Count(v => v is null) || present == 0)
        {
            problems.Add(
                new SettingProblem(
                    "Target", "Target.NotNumeric", $"The target column '{spec.Target}' needs numbers in most rows.", spec.Target));
        }
        else if (values.Where(v => v is not null).Distinct().Count() < 2)
        {
            problems.Add(
                new SettingProblem(
                    "Target", "Target.Constant",
                        $"The target column '{spec.Target}' has the same value in every row; there is nothing to forecast.", spec.Target));
        }

        if (times.Distinct(StringComparer.Ordinal).Count() != times.Count)
        {
            problems.Add(
                new SettingProblem(
                    "TimeColumn", "Time.Duplicates", $"The time column '{spec.TimeColumn}' repeats some times; each time must appear once.",
                        spec.TimeColumn));
        }

        var trainLength = (int)(data.RowCount * (1 - spec.ValidationFraction - spec.TestFraction));
        var window = WindowFor(spec, spec.Season ?? 1);
        if (spec.Horizon < 1)
        {
            problems.Add(new SettingProblem("Horizon", "Setting.OutOfRange", "Horizon must be at least 1.", "at least 1"));
        }
        else if (spec.Horizon + window >= trainLength || spec.Horizon >= data.RowCount * spec.TestFraction)
        {
            problems.Add(new SettingProblem("Horizon", "Horizon.TooLong",
                $"Horizon {spec.Horizon} is too long for a series of {data.RowCount} points: the test part " +
                $"({(int)(data.RowCount * spec.TestFraction)} points) must be longer than the horizon, and the training part " +
                $"({trainLength}) longer than the window plus the horizon.",
                spec.Horizon, data.RowCount));
        }

        if (spec.Season is < 1)
        {
            problems.Add(new SettingProblem("Season", "Setting.OutOfRange", "Season must be at least 1.", "at least 1"));
        }

        return problems;
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

    /// <summary>Dates sort as dates, numbers as numbers, anything else as text.</summary>
    private static string SortKey(string time) =>
        TabularData.ParseDate(time) is { } date ? date.ToString("o", CultureInfo.InvariantCulture)
        : TabularData.ParseNumber(time) is { } number ? number.ToString("000000000000000.000000", CultureInfo.InvariantCulture)
        : time;
}
