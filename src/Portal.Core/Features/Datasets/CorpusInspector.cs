using System.Text;
using System.Text.Json;
using Portal.Formats;

namespace Portal.Core.Features.Datasets;

/// <summary>Profile of an entity-tagged corpus: what the dataset page shows and the trainer will see.</summary>
public sealed record CorpusProfile(
    int Sentences, int Tokens, double MeanSentenceLength, IReadOnlyList<ValueCount> Tags, int InvalidTransitions);

/// <summary>Profile of labelled text: class balance, text lengths and how much of the text is in Chinese characters.</summary>
public sealed record TextProfile(int Texts, IReadOnlyList<ValueCount> Labels, IReadOnlyList<double> LengthQuantiles, double ChineseShare);

public sealed record FileInspection(object? Profile, UploadProblem? Problem, long Rows, int Columns, string? Delimiter = null);

/// <summary>Checks and profiles the non-table formats: CoNLL token-per-line corpora and JSON Lines labelled text.</summary>
public static class CorpusInspector
{
    public static FileInspection InspectConll(string path, DetectedEncoding encoding)
    {
        var corpus = ConllReader.Parse(ReadLines(path, encoding));
        if (corpus.Problems.Count > 0)
        {
            var first = corpus.Problems[0];
            return Failed(new UploadProblem(first.Code, first.Message, first.Line));
        }

        if (corpus.Sentences.Count == 0)
        {
            return Failed(new UploadProblem("Conll.Empty", "The file has no tagged sentences."));
        }

        var tokens = corpus.Sentences.Sum(s => s.Tokens.Count);
        var tags = corpus.Sentences.SelectMany(s => s.Tags).GroupBy(t => t).OrderByDescending(g => g.Count()).Select(
            g => new ValueCount(g.Key, g.Count())).ToList();
        return new FileInspection(
            new CorpusProfile(corpus.Sentences.Count, tokens, (double)tokens / corpus.Sentences.Count, tags, corpus.InvalidTransitions),
                null, corpus.Sentences.Count, 2);
    }

    public static FileInspection InspectJsonLines(string path, DetectedEncoding encoding)
    {
        var labels = new Dictionary<string, long>(StringComparer.Ordinal);
        var lengths = new List<int>();
        long chinese = 0, characters = 0;
        var line = 0;
        foreach (var raw in ReadLines(path, encoding))
        {
            line++;
            if (raw.Trim().Length == 0)
            {
                continue;
            }

            string? text, label;
            try
            {
                using var document = JsonDocument.Parse(raw);
                text = document.RootElement.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                label = document.RootElement.TryGetProperty("label", out var l)
                    && l.ValueKind is JsonValueKind.String or JsonValueKind.Number ? l.ToString() : null;
            }
            catch (JsonException)
            {
                return Failed(new UploadProblem("Text.BadJson", $"Line {line} is not a JSON object.", line));
            }

            if (string.IsNullOrWhiteSpace(text) || string.IsNullOrWhiteSpace(label))
            {
                return Failed(new UploadProblem("Text.MissingField", $"Line {line} needs a \"text\" and a \"label\".", line));
            }

            labels[label] = labels.GetValueOrDefault(label) + 1;
            lengths.Add(text.Length);
            characters += text.Length;
            chinese += text.Count(c => c is >= '\u4E00' and <= '\u9FFF');
        }

        if (lengths.Count == 0)
        {
            return Failed(new UploadProblem("Text.Empty", "The file has no labelled texts."));
        }

        if (labels.Count < 2)
        {
            return Failed(
                new UploadProblem(
                    "Text.SingleClass", $"Every text has the label '{labels.Keys.Single()}'; at least two classes are needed.",
                        labels.Keys.Single()));
        }

        lengths.Sort();
        var quantiles = new[] { 0.05, 0.25, 0.5, 0.75, 0.95 }.Select(q => (double)lengths[(int)(q * (lengths.Count - 1))]).ToList();
        var profile = new TextProfile(
            lengths.Count, labels.OrderByDescending(l => l.Value).Select(l => new ValueCount(l.Key, l.Value)).ToList(), quantiles, (
                double)chinese / Math.Max(1, characters));
        return new FileInspection(profile, null, lengths.Count, 2);
    }

    private static IEnumerable<string> ReadLines(string path, DetectedEncoding encoding)
    {
        using var reader = new StreamReader(path, encoding.Strict(), detectEncodingFromByteOrderMarks: false);
        if (encoding.PreambleLength > 0)
        {
            reader.Read();
        }

        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private static FileInspection Failed(UploadProblem problem) => new(null, problem, 0, 0);
}
