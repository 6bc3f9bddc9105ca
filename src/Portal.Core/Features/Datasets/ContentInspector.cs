using System.Text.RegularExpressions;
using Portal.Formats;
using Sylvan.Data.Csv;

namespace Portal.Core.Features.Datasets;

/// <summary>Labelled text stored as a table: which columns hold the text and the label, and the text profile.</summary>
public sealed record LabelledTextProfile(string TextColumn, string LabelColumn, TextProfile Text);

/// <summary>Parallel text: the two columns, their languages, and how the pairs look.</summary>
public sealed record ParallelProfile(
    string SourceColumn,
    string TargetColumn,
    string SourceLanguage,
    string TargetLanguage,
    long Pairs,
    long EmptyPairs,
    IReadOnlyList<double> SourceLengthQuantiles,
    IReadOnlyList<double> TargetLengthQuantiles,
    double MeanLengthRatio);

/// <summary>
/// Second look at a CSV/TSV that already passed the table checks, for the kinds that give columns a meaning:
/// labelled text (a text column and a label column, at least two classes) and parallel text (source and target).
/// </summary>
public static partial class ContentInspector
{
    private static readonly double[] Levels = [0.05, 0.25, 0.5, 0.75, 0.95];

    public static (LabelledTextProfile? Profile, UploadProblem? Problem) InspectLabelled(
        string path, DetectedEncoding encoding, string delimiter, TableProfile table)
    {
        var text = table.Columns.FirstOrDefault(c => TextName().IsMatch(c.Name))
            ?? table.Columns.Where(c => c.Type == "text").OrderByDescending(c => c.MeanLength ?? 0).FirstOrDefault();
        var label = table.Columns.FirstOrDefault(c => c != text && LabelName().IsMatch(c.Name))
            ?? table.Columns.LastOrDefault(c => c != text && c.Type is "category" or "boolean" or "integer");
        if (text is null || label is null)
        {
            return (null, new UploadProblem(
                "Text.NoColumns", "Labelled text needs a text column (e.g. 'text') and a label column (e.g. 'label'); none could be found.",
                    table.Columns.Count));
        }

        var labels = new Dictionary<string, long>(StringComparer.Ordinal);
        var lengths = new List<int>();
        long chinese = 0, characters = 0, row = 1;
        foreach (var values in Read(path, encoding, delimiter, [text.Name, label.Name]))
        {
            row++;
            var (t, l) = (values[0]?.Trim(), values[1]?.Trim());
            if (string.IsNullOrEmpty(t) || string.IsNullOrEmpty(l))
            {
                return (null, new UploadProblem("Text.MissingValue", $"Line {row} has no text or no label.", row));
            }

            labels[l] = labels.GetValueOrDefault(l) + 1;
            lengths.Add(t.Length);
            characters += t.Length;
            chinese += t.Count(c => c is >= '\u4E00' and <= '\u9FFF');
        }

        if (labels.Count < 2)
        {
            var only = labels.Keys.FirstOrDefault() ?? "";
            return (null, new UploadProblem(
                "Text.SingleClass", $"Every text has the label '{only}'; at least two classes are needed.", only));
        }

        var profile = new TextProfile(
            lengths.Count, labels.OrderByDescending(x => x.Value).Select(x => new ValueCount(x.Key, x.Value)).ToList(), Quantiles(lengths),
                (double)chinese / Math.Max(1, characters));
        return (new LabelledTextProfile(text.Name, label.Name, profile), null);
    }

    public static (ParallelProfile? Profile, UploadProblem? Problem) InspectParallel(
        string path, DetectedEncoding encoding, string delimiter, TableProfile table, string? sourceLanguage, string? targetLanguage)
    {
        if (table.Columns.Count < 2)
        {
            return (null, new UploadProblem(
                "Parallel.TwoColumns", "Parallel text needs a source column and a target column.", table.Columns.Count));
        }

        var source = table.Columns.FirstOrDefault(c => c.Name.StartsWith("source", StringComparison.OrdinalIgnoreCase)) ?? table.Columns[0];
        var target = table.Columns.FirstOrDefault(c => c != source && c.Name.StartsWith("target", StringComparison.OrdinalIgnoreCase))
            ?? table.Columns.First(c => c != source);
        var sourceLengths = new List<int>();
        var targetLengths = new List<int>();
        long empty = 0;
        double ratioSum = 0;
        foreach (var values in Read(path, encoding, delimiter, [source.Name, target.Name]))
        {
            var (s, t) = (values[0]?.Trim() ?? "", values[1]?.Trim() ?? "");
            if (s.Length == 0 || t.Length == 0)
            {
                empty++;
                continue;
            }

            sourceLengths.Add(s.Length);
            targetLengths.Add(t.Length);
            ratioSum += (double)t.Length / s.Length;
        }

        if (sourceLengths.Count == 0)
        {
            return (null, new UploadProblem("Parallel.NoPairs", "No line has both a source and a target text."));
        }

        return (new ParallelProfile(source.Name, target.Name, Language(sourceLanguage, source.Name), Language(targetLanguage, target.Name),
            sourceLengths.Count, empty, Quantiles(sourceLengths), Quantiles(targetLengths), ratioSum / sourceLengths.Count), null);
    }

    /// <summary>The language the user named, else the column name's suffix ("source_zh" → zh), else unknown.</summary>
    private static string Language(string? named, string column) =>
        !string.IsNullOrWhiteSpace(named) ? named.Trim()
        : column.LastIndexOf('_') is var i and > 0 && column.Length - i - 1 is >= 2 and <= 5 ? column[(i + 1)..].ToLowerInvariant()
        : "?";

    private static IReadOnlyList<double> Quantiles(List<int> values)
    {
        values.Sort();
        return Levels.Select(q => (double)values[(int)(q * (values.Count - 1))]).ToList();
    }

    private static IEnumerable<string?[]> Read(string path, DetectedEncoding encoding, string delimiter, string[] columns)
    {
        using var text = new StreamReader(path, encoding.Strict(), detectEncodingFromByteOrderMarks: true);
        using var reader = CsvDataReader.Create(text, DelimitedText.Options(DelimitedText.Delimiter(delimiter)));
        var ordinals = columns.Select(c => Enumerable.Range(0, reader.FieldCount).First(i => reader.GetName(i).Trim() == c)).ToArray();
        foreach (var hasFields in DelimitedText.Records(reader))
        {
            yield return ordinals.Select(o => hasFields && o < reader.RowFieldCount ? reader.GetString(o) : null).ToArray();
        }
    }

    [GeneratedRegex(@"^(text|content|sentence|comment|review|body|文本|内容|句子|评论)$", RegexOptions.IgnoreCase)]
    private static partial Regex TextName();

    [GeneratedRegex(@"^(label|class|category|sentiment|stance|topic|标签|类别|情感)$", RegexOptions.IgnoreCase)]
    private static partial Regex LabelName();
}
