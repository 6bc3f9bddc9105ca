using System.Globalization;
using System.Text.Json;
using Portal.Formats;
using Portal.Training.Data;

namespace Portal.Runs.Training;

/// <summary>What training produced, whatever the task: the page's evaluation, the run's summary, and how to write the model
/// package.</summary>
public sealed record TrainedRun(RunEvaluation Evaluation, RunResultSummary Summary, Action<string, DateTimeOffset> WritePackage);

/// <summary>A run's dataset file, read in the form its task needs: a table (or JSON Lines as one), or a tagged corpus.</summary>
public sealed class RunData(Dataset dataset, string path, Action<string> log)
{
    public TabularData Table() => ReadTable(dataset, path, log);

    public TaggedCorpus Corpus()
    {
        using var text = Reader(dataset, path);
        var corpus = ConllReader.Parse(Lines(text));
        log($"Read {Count(corpus.Sentences.Count)} sentences of '{dataset.Name}'.");
        return corpus;
    }

    /// <summary>A table, or labelled text in JSON Lines as a table of "text" and "label".</summary>
    private static TabularData ReadTable(Dataset dataset, string path, Action<string> log)
    {
        using var text = Reader(dataset, path);
        TabularData data;
        if (DatasetQueryService.IsJsonLines(dataset))
        {
            var (texts, labels) = (new List<string?>(), new List<string?>());
            foreach (var line in Lines(text).Where(l => !string.IsNullOrWhiteSpace(l)))
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                texts.Add(root.TryGetProperty("text", out var t) ? t.ToString() : null);
                labels.Add(root.TryGetProperty("label", out var l) ? l.ToString() : null);
            }

            data = new TabularData(["text", "label"], [texts.ToArray(), labels.ToArray()]);
        }
        else
        {
            data = TabularData.ReadCsv(text, DelimitedText.Delimiter(dataset.Delimiter));
        }

        log($"Read {Count(data.RowCount)} rows of '{dataset.Name}'.");
        return data;
    }

    private static StreamReader Reader(Dataset dataset, string path) =>
        new(path, TextEncodingDetector.Strict(dataset.Encoding), detectEncodingFromByteOrderMarks: true);

    private static IEnumerable<string> Lines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
