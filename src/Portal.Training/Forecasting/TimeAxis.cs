using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Training.Data;

namespace Portal.Training.Forecasting;

/// <summary>How far apart the points of a series are. <see cref="Steps"/> is a plain counter (1, 2, 3…) with no calendar.</summary>
public enum TimeFrequency
{
    Steps,
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
}

/// <summary>
/// The time column of a series read as whole periods of one frequency: dates, an integer year, <c>2024-03</c>, <c>2024Q1</c> and Chinese
/// forms such as <c>2024年3月</c> or <c>2024年第1季度</c>. Each value becomes a period number (months since year 0 for monthly
/// data…), so gaps, duplicates and the times after the last one follow from arithmetic, and labels keep the style the file used.
/// </summary>
public sealed partial class TimeAxis
{
    /// <summary>More missing periods than this share of the series means the column mixes frequencies rather than has gaps.</summary>
    public const double MaximumGapShare = 0.2;

    private enum Style { Iso, Chinese, Compact }

    private readonly Style style;
    private readonly bool monthEnd;
    private readonly int dayOfMonth;
    private readonly long anchor;
    private readonly long stepSize;

    /// <param name="anchor">The first day of a weekly series; the remainder of a counter's values by its step.</param>
    private TimeAxis(TimeFrequency frequency, Style style, bool monthEnd, int dayOfMonth, long anchor, long stepSize)
    {
        Frequency = frequency;
        this.style = style;
        this.monthEnd = monthEnd;
        this.dayOfMonth = dayOfMonth;
        this.anchor = anchor;
        this.stepSize = stepSize;
    }

    public TimeFrequency Frequency { get; }

    /// <summary>The season a calendar frequency usually has (12 months, 4 quarters, 7 days, 52 weeks); 1 for years and counters.</summary>
    public int NaturalSeason => Frequency switch
    {
        TimeFrequency.Monthly => 12,
        TimeFrequency.Quarterly => 4,
        TimeFrequency.Daily => 7,
        TimeFrequency.Weekly => 52,
        _ => 1,
    };

    /// <summary>The frequency of a column and each value's period number (null where the value is missing or not a time).</summary>
    public sealed record Reading(TimeAxis? Axis, long?[] Periods, string? Problem, string? ProblemCode);

    /// <summary>Reads a time column. A problem (mixed forms or frequencies, values that are not times) leaves <c>Axis</c> null.</summary>
    public static Reading Read(IReadOnlyList<string?> values)
    {
        var points = values.Select(v => TabularData.IsMissing(v) ? null : Parse(v!.Trim())).ToArray();
        var present = points.Where(p => p is not null).Select(p => p!.Value).ToList();
        var periods = new long?[values.Count];
        if (present.Count == 0 || present.Count < values.Count(v => !TabularData.IsMissing(v)))
        {
            var bad = values.FirstOrDefault(v => !TabularData.IsMissing(v) && Parse(v!.Trim()) is null);
            return new Reading(
                null, periods, $"'{bad}' is not a time this column can use (a date, a year, 2024-03, 2024Q1, 2024年3月…).",
                "Time.NotTimes");
        }

        var kinds = present.Select(p => p.Kind).Distinct().ToList();
        if (kinds.Count > 1 && !(kinds.All(k => k is Kind.Year or Kind.Integer)))
        {
            return new Reading(null, periods, "The column mixes forms of time (for example months and full dates).", "Time.MixedFrequency");
        }

        var axis = kinds[0] switch
        {
            Kind.Month => new TimeAxis(TimeFrequency.Monthly, present[0].Style, false, 1, 0, 1),
            Kind.Quarter => new TimeAxis(TimeFrequency.Quarterly, present[0].Style, false, 1, 0, 1),
            Kind.Date => FromDates(present.Select(p => p.Date).ToList()),
            _ => FromIntegers(present),
        };
        for (var i = 0; i < points.Length; i++)
        {
            periods[i] = points[i] is { } p ? axis.Period(p) : null;
        }

        var distinct = periods.Where(p => p is not null).Select(p => p!.Value).Distinct().Order().ToList();
        var span = distinct.Count > 0 ? distinct[^1] - distinct[0] + 1 : 0;
        if (distinct.Count >= 3 && span - distinct.Count > MaximumGapShare * span)
        {
            return new Reading(null, periods,
                $"Read as {axis.Frequency.ToString().ToLowerInvariant()} data, {span - distinct.Count} of {span} periods are missing: " +
                "the column mixes frequencies or has long gaps.", "Time.MixedFrequency");
        }

        return new Reading(axis, periods, null, null);
    }

    /// <summary>True when most values of the column read as times of one frequency with few gaps (for proposing a forecast).</summary>
    public static bool LooksLikeTime(IReadOnlyList<string?> values) =>
        Read(values) is { Axis: { Frequency: not TimeFrequency.Steps } } reading
        && reading.Periods.Where(p => p is not null).Distinct().Count() == reading.Periods.Count(p => p is not null);

    /// <summary>The label of a period in the style the column used.</summary>
    public string Label(long period)
    {
        var c = CultureInfo.InvariantCulture;
        switch (Frequency)
        {
            case TimeFrequency.Monthly:
            {
                var (year, month) = ((int)Math.Floor(period / 12.0), (int)(period - 12 * Math.Floor(period / 12.0)) + 1);
                return style switch
                {
                    Style.Chinese => $"{year}年{month}月",
                    Style.Compact => string.Create(c, $"{year:0000}-{month:00}"),
                    _ => DayIn(year, month).ToString("yyyy-MM-dd", c),
                };
            }

            case TimeFrequency.Quarterly:
            {
                var (year, quarter) = ((int)Math.Floor(period / 4.0), (int)(period - 4 * Math.Floor(period / 4.0)) + 1);
                return style switch
                {
                    Style.Chinese => $"{year}年第{quarter}季度",
                    Style.Compact => string.Create(c, $"{year:0000}Q{quarter}"),
                    _ => DayIn(year, 3 * quarter - 2).ToString("yyyy-MM-dd", c),
                };
            }

            case TimeFrequency.Yearly when style == Style.Iso:
                return DayIn((int)period, 1).ToString("yyyy-MM-dd", c);
            case TimeFrequency.Yearly:
                return style == Style.Chinese ? $"{period}年" : period.ToString(c);
            case TimeFrequency.Daily:
                return DateTime.UnixEpoch.AddDays(period).ToString("yyyy-MM-dd", c);
            case TimeFrequency.Weekly:
                return DateTime.UnixEpoch.AddDays(anchor + 7 * period).ToString("yyyy-MM-dd", c);
            default:
                return (period * stepSize + anchor).ToString(c);
        }
    }

    private DateTime DayIn(int year, int month) =>
        new(year, month, monthEnd ? DateTime.DaysInMonth(year, month) : Math.Min(dayOfMonth, DateTime.DaysInMonth(year, month)));

    private long Period(Point p) => Frequency switch
    {
        TimeFrequency.Monthly => p.Kind == Kind.Date ? p.Date.Year * 12L + p.Date.Month - 1 : p.Value,
        TimeFrequency.Quarterly => p.Kind == Kind.Date ? p.Date.Year * 4L + (p.Date.Month - 1) / 3 : p.Value,
        TimeFrequency.Yearly => p.Kind == Kind.Date ? p.Date.Year : p.Value,
        TimeFrequency.Daily => Days(p.Date),
        TimeFrequency.Weekly => (long)Math.Floor((Days(p.Date) - anchor) / 7.0),
        _ => (long)Math.Floor((p.Value - anchor) / (double)stepSize),
    };

    private static long Days(DateTime date) => (long)Math.Floor((date - DateTime.UnixEpoch).TotalDays);

    /// <summary>Dates step by about a day, a week, a month, a quarter or a year (the median step decides).</summary>
    private static TimeAxis FromDates(List<DateTime> dates)
    {
        var sorted = dates.Distinct().Order().ToList();
        var steps = sorted.Zip(sorted.Skip(1), (a, b) => (b - a).TotalDays).Order().ToList();
        var median = steps.Count == 0 ? 1 : steps[steps.Count / 2];
        var monthEnd = sorted.All(d => d.Day == DateTime.DaysInMonth(d.Year, d.Month));
        var day = sorted.Count > 0 ? sorted[^1].Day : 1;
        var frequency = median switch
        {
            < 1.5 => TimeFrequency.Daily,
            < 10 => TimeFrequency.Weekly,
            < 45 => TimeFrequency.Monthly,
            < 135 => TimeFrequency.Quarterly,
            _ => TimeFrequency.Yearly,
        };
        var anchor = sorted.Count > 0 ? Days(sorted[0]) : 0;
        return new TimeAxis(frequency, Style.Iso, monthEnd, day, frequency == TimeFrequency.Weekly ? anchor : 0, 1);
    }

    /// <summary>Four-digit integers that step by one are years; other integers are a counter with their most common step.</summary>
    private static TimeAxis FromIntegers(List<Point> points)
    {
        var values = points.Select(p => p.Value).Distinct().Order().ToList();
        var steps = values.Zip(values.Skip(1), (a, b) => b - a).ToList();
        var step = steps.Count == 0 ? 1 : steps.GroupBy(s => s).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var years = values.All(v => v is >= 1000 and <= 2999) && step == 1;
        if (years || points.All(p => p.Kind == Kind.Year && p.Style == Style.Chinese))
        {
            return new TimeAxis(TimeFrequency.Yearly, points[0].Style, false, 1, 0, 1);
        }

        var gcd = Math.Max(1, steps.Aggregate(0L, (g, s) => Gcd(g, s)));
        var remainder = ((values[0] % gcd) + gcd) % gcd;
        return new TimeAxis(TimeFrequency.Steps, Style.Compact, false, 1, remainder, gcd);
    }

    private static long Gcd(long a, long b) => b == 0 ? Math.Abs(a) : Gcd(b, a % b);

    private enum Kind { Integer, Year, Month, Quarter, Date }

    private readonly record struct Point(Kind Kind, long Value, DateTime Date, Style Style);

    private static Point? Parse(string text)
    {
        if (MonthPattern().Match(text) is { Success: true } m && Month(m) is { } month)
        {
            return month;
        }

        if (QuarterPattern().Match(text) is { Success: true } q)
        {
            var year = int.Parse(q.Groups["y"].Value, CultureInfo.InvariantCulture);
            var quarter = int.Parse(q.Groups["q"].Value, CultureInfo.InvariantCulture);
            return new Point(Kind.Quarter, year * 4L + quarter - 1, default, text.Contains('年') ? Style.Chinese : Style.Compact);
        }

        if (ChineseYearPattern().Match(text) is { Success: true } y)
        {
            return new Point(Kind.Year, long.Parse(y.Groups["y"].Value, CultureInfo.InvariantCulture), default, Style.Chinese);
        }

        if (TabularData.ParseDate(text) is { } date)
        {
            return new Point(Kind.Date, 0, date, Style.Iso);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new Point(text.Length == 4 ? Kind.Year : Kind.Integer, integer, default, Style.Compact);
        }

        return null;
    }

    private static Point? Month(Match m)
    {
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        return month is < 1 or > 12 ? null : new Point(
            Kind.Month, year * 12L + month - 1, default, m.Value.Contains('年') ? Style.Chinese : Style.Compact);
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?:[-/.](?<m>\d{1,2})|\s*年\s*(?<m>\d{1,2})\s*月)$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^(?<y>\d{4})\s*(?:[-/ ]?\s*[Qq](?<q>[1-4])|年\s*(?:第\s*(?<q>[1-4])\s*季度|[Qq](?<q>[1-4])))$")]
    private static partial Regex QuarterPattern();

    [GeneratedRegex(@"^(?<y>\d{4})\s*年$")]
    private static partial Regex ChineseYearPattern();
}
