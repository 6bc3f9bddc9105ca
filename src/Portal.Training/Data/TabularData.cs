using System.Globalization;
using Portal.Formats;
using Sylvan.Data.Csv;

namespace Portal.Training.Data;

/// <summary>A table held as text columns, as stored; typing and encoding happen in preprocessing, fitted on the training rows.</summary>
public sealed class TabularData
{
    private readonly Dictionary<string, string?[]> columns;

    public TabularData(IReadOnlyList<string> names, IReadOnlyList<string?[]> values)
    {
        ColumnNames = names;
        columns = names.Select((n, i) => (n, values[i])).ToDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal);
        RowCount = values.Count == 0 ? 0 : values[0].Length;
    }

    public IReadOnlyList<string> ColumnNames { get; }

    public int RowCount { get; }

    public bool HasColumn(string name) => columns.ContainsKey(name);

    public string?[] Column(string name) => columns[name];

    /// <summary>The same table with one column's values replaced (the others are shared, not copied).</summary>
    public TabularData WithColumn(string name, string?[] values) =>
        new(ColumnNames, ColumnNames.Select(n => n == name ? values : columns[n]).ToList());

    /// <summary>Reads a CSV/TSV file with a header row (the delimiter is detected).</summary>
    public static TabularData ReadCsv(string path)
    {
        using var reader = CsvDataReader.Create(path, DelimitedText.Options());
        return Read(reader);
    }

    /// <summary>Reads a file a user brought (to score), choosing its delimiter as the upload does.</summary>
    public static TabularData ReadCsv(Func<TextReader> open)
    {
        char delimiter;
        using (var head = open())
        {
            delimiter = DelimitedText.Sniff(head);
        }

        using var text = open();
        return ReadCsv(text, delimiter);
    }

    /// <summary>Reads a stored table in its detected encoding with its detected delimiter.</summary>
    public static TabularData ReadCsv(TextReader text, char delimiter)
    {
        using var reader = CsvDataReader.Create(text, DelimitedText.Options(delimiter));
        return Read(reader);
    }

    private static TabularData Read(CsvDataReader reader)
    {
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var values = names.Select(_ => new List<string?>()).ToList();
        foreach (var hasFields in DelimitedText.Records(reader))
        {
            for (var i = 0; i < names.Count; i++)
            {
                values[i].Add(hasFields && i < reader.RowFieldCount ? reader.GetString(i) : null);
            }
        }

        return new TabularData(names, values.Select(v => v.ToArray()).ToList());
    }

    public static bool IsMissing(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Trim() is "NA" or "N/A" or "NaN" or "nan" or "null" or "NULL" or "-";

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss",
            "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM", "dd.MM.yyyy", "yyyy年M月d日"];

    /// <summary>Unambiguous date formats only (ISO, with dots or in Chinese); "03/04/2024" is left alone rather than guessed.</summary>
    public static DateTime? ParseDate(string? value) =>
        !IsMissing(value) && DateTime.TryParseExact(
            value!.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
                out var date)
            ? date
            : null;

    public static double? ParseNumber(string? value) =>
        !IsMissing(value) && double.TryParse(
            value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number) && double.IsFinite(
                number)
            ? number
            : null;
}
