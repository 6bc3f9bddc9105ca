using System.Globalization;

namespace Portal.Core.Features.Datasets;

/// <summary>Profiles one column in a single pass with bounded memory, whatever the file's size.</summary>
internal sealed class ColumnAccumulator(string name, int seed)
{
    private const int SampleSize = 10_000;
    private const int DistinctLimit = 10_000;

    private readonly Random random = new(seed);
    private readonly List<double> sample = [];
    private readonly Dictionary<string, long> counts = new(StringComparer.Ordinal);
    private readonly HashSet<double> numericDistinct = [];
    private long present;
    private long missing;
    private long numbers;
    private long integers;
    private long booleans;
    private long dates;
    private long numbersSeen;
    private double mean;
    private double m2;
    private double min = double.PositiveInfinity;
    private double max = double.NegativeInfinity;
    private long lengthSum;
    private bool distinctOverflow;

    /// <summary>Adds one field. Works on the span the CSV reader holds: numbers never become strings, which keeps a
    /// 20-column, million-row file fast; text values are allocated only for counting categories.</summary>
    public void Add(ReadOnlySpan<char> raw)
    {
        var value = raw.Trim();
        if (value.IsEmpty || value is "NA" or "N/A" or "NaN" or "null" or "NULL")
        {
            missing++;
            return;
        }

        present++;
        lengthSum += value.Length;
        if (double.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            numbers++;
            if (value.IndexOfAny('.', 'e', 'E') < 0)
            {
                integers++;
            }

            if (numericDistinct.Count < DistinctLimit)
            {
                numericDistinct.Add(number);
            }
            else
            {
                distinctOverflow = true; // shown as "10,000+": counting further would cost a lookup per value
            }

            // Numbers are counted as text too while there are few of them, for columns of codes such as 1, 2, 3.
            if (numericDistinct.Count < 1_000)
            {
                Count(value.ToString());
            }

            AddNumber(number);
            return;
        }

        var text = value.ToString();
        Count(text);
        var nonNumeric = present - numbers;
        if (booleans == nonNumeric - 1 && text.ToLowerInvariant() is "true" or "false" or "yes" or "no" or "是" or "否")
        {
            booleans++;
        }
        else if (dates == nonNumeric - 1 && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _))
        {
            dates++; // only tried while every non-number so far was a date: one failure rules the type out
        }
    }

    private void Count(string value)
    {
        if (counts.TryGetValue(value, out var count))
        {
            counts[value] = count + 1;
        }
        else if (counts.Count < DistinctLimit)
        {
            counts[value] = 1;
        }
        else
        {
            distinctOverflow = true;
        }
    }

    private void AddNumber(double number)
    {
        // Welford's running mean and variance; a reservoir sample for quantiles and the histogram.
        numbersSeen++;
        var delta = number - mean;
        mean += delta / numbersSeen;
        m2 += delta * (number - mean);
        min = Math.Min(min, number);
        max = Math.Max(max, number);
        if (sample.Count < SampleSize)
        {
            sample.Add(number);
        }
        else if (random.NextInt64(numbersSeen) is var slot && slot < SampleSize)
        {
            sample[(int)slot] = number;
        }
    }

    public ColumnProfile Build(long rows)
    {
        var type = present == 0 ? "empty"
            : integers == present ? "integer"
            : numbers == present ? "number"
            : booleans == present ? "boolean"
            : dates == present ? "datetime"
            : counts.Count <= Math.Max(20, rows / 20) && !distinctOverflow ? "category"
            : "text";
        var isNumeric = type is "integer" or "number";
        var top = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(10).Select(c => new ValueCount(c.Key, c.Value)).ToList();
        var sorted = isNumeric ? sample.Order().ToList() : [];
        var distinct = numbers == present ? numericDistinct.Count : counts.Count;
        return new ColumnProfile(
            name, type, missing, distinct, distinctOverflow,
            isNumeric ? min : null,
            isNumeric ? max : null,
            isNumeric ? mean : null,
            isNumeric && numbersSeen > 1 ? Math.Sqrt(m2 / (numbersSeen - 1)) : null,
            isNumeric ? TableProfile.QuantileLevels.Select(q => Quantile(sorted, q)).ToList() : null,
            isNumeric ? [] : top,
            isNumeric ? BuildHistogram(sorted) : null,
            type is "text" or "category" ? (double)lengthSum / present : null);
    }

    private static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(sorted.Count - 1, low + 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    private static Histogram? BuildHistogram(List<double> sorted)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        const int bins = 20;
        var (start, end) = (sorted[0], sorted[^1]);
        var width = end > start ? (end - start) / bins : 1;
        var result = new long[bins];
        foreach (var v in sorted)
        {
            result[Math.Min(bins - 1, (int)((v - start) / width))]++;
        }

        return new Histogram(start, width, result);
    }
}
