using System.Runtime.CompilerServices;
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
    private double weight;
    private long nextReplacement;

    /// <summary>Adds one field. Works on the span the CSV reader holds: numbers never become strings, which keeps a
    /// 20-column, million-row file fast; text values are allocated only for counting categories.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called for every value of the file: no slow first tier
    public void Add(ReadOnlySpan<char> raw)
    {
        var value = raw.Trim();
        if (value.IsEmpty || (value.Length <= 4 && value[0] is 'N' or 'n' && value is "NA" or "N/A" or "NaN" or "null" or "NULL"))
        {
            missing++;
            return;
        }

        present++;
        lengthSum += value.Length;
        if (PlainNumber(value, out var number, out var isInteger) || OtherNumber(value, out number, out isInteger))
        {
            numbers++;
            if (isInteger)
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

    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>
    /// The common case, fast: an optional sign, up to 15 digits and at most one point ("-1520.75"). A mantissa below
    /// 2^53 divided by an exact power of ten is correctly rounded (Clinger's fast path), so this gives exactly what
    /// double.Parse gives; anything else (exponents, thousands separators, long digit strings) goes to double.Parse.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool PlainNumber(ReadOnlySpan<char> text, out double number, out bool isInteger)
    {
        number = 0;
        isInteger = true;
        var i = text.Length > 0 && text[0] is '-' or '+' ? 1 : 0;
        if (i == text.Length || text.Length - i > 16)
        {
            return false;
        }

        long mantissa = 0;
        var digits = 0;
        var decimals = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '0' and <= '9')
            {
                mantissa = (mantissa * 10) + (c - '0');
                digits++;
                decimals += decimals >= 0 ? 1 : 0;
            }
            else if (c == '.' && decimals < 0)
            {
                decimals = 0;
                isInteger = false;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0 || digits > 15 || (decimals == 0 && !isInteger && digits == 0))
        {
            return false;
        }

        number = decimals > 0 ? mantissa / PowersOfTen[decimals] : mantissa;
        number = text[0] == '-' ? -number : number;
        return true;
    }

    /// <summary>Everything <see cref="PlainNumber"/> leaves: exponents, thousands separators, long digit strings.</summary>
    private static bool OtherNumber(ReadOnlySpan<char> text, out double number, out bool isInteger)
    {
        isInteger = text.IndexOfAny('.', 'e', 'E') < 0;
        return double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out number)
            && double.IsFinite(number);
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
            if (sample.Count == SampleSize)
            {
                weight = Math.Exp(Math.Log(random.NextDouble()) / SampleSize);
                nextReplacement = numbersSeen + Skip();
            }
        }
        else if (numbersSeen == nextReplacement)
        {
            // Li's Algorithm L: the same uniform sample as drawing a slot for every value, but the random numbers are
            // drawn only at the (logarithmically rare) replacements, not once per value of a million-row column.
            sample[random.Next(SampleSize)] = number;
            weight *= Math.Exp(Math.Log(random.NextDouble()) / SampleSize);
            nextReplacement = numbersSeen + Skip();
        }
    }

    private long Skip() => (long)Math.Floor(Math.Log(random.NextDouble()) / Math.Log(1 - weight)) + 1;

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
        var top = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(10).Select(
            c => new ValueCount(c.Key, c.Value)).ToList();
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
