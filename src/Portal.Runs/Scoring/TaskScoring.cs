using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Core.Features.Exports;
using Portal.Training.Data;
using Portal.Training.Entities;
using Portal.Training.Packaging;
using Portal.Training.Preprocessing;

namespace Portal.Runs.Scoring;

/// <summary>
/// Scoring with text, entity and forecasting models. Texts: one text in the form, or a file with the text column.
/// Entities: one sentence in the form, or a file with a "sentence" (or "text") column; the found entities come back
/// as "TYPE: words; …". Forecasts: a file with the latest series (time, value and covariate columns as in training,
/// at least one window long); the next steps come back with their times when the series has a regular step.
/// </summary>
public static partial class TaskScoring
{
    /// <summary>The form's inputs: a text box for texts and sentences; none for forecasts (they need a series).</summary>
    public static IReadOnlyList<ModelInput> Inputs(RunResultBundle bundle) => bundle.Run.Task switch
    {
        RunTask.TextClassification => [new ModelInput(bundle.Settings.Inputs[0], "text", [])],
        RunTask.EntityRecognition => [new ModelInput("sentence", "text", [])],
        _ => [],
    };

    public static SinglePrediction? Predict(RunResultBundle bundle, string modelPath, IReadOnlyDictionary<string, string?> values)
    {
        switch (bundle.Run.Task)
        {
            case RunTask.TextClassification:
            {
                var column = bundle.Settings.Inputs[0];
                if (string.IsNullOrWhiteSpace(values.GetValueOrDefault(column)))
                {
                    return new SinglePrediction("–", null, [new RowIssue(0, column, RowIssue.EmptyText, null)]);
                }

                using var classifier = TextModelPackage.Load(modelPath);
                var p = classifier.Probabilities([values[column]])[0];
                return new SinglePrediction(
                    classifier.Labels[Array.IndexOf(p, p.Max())], classifier.Labels.Select((l, i) => (l, i)).ToDictionary(
                        x => x.l, x => p[x.i]), []);
            }

            case RunTask.EntityRecognition:
            {
                var tokens = Tokens(values.GetValueOrDefault("sentence"));
                if (tokens.Count == 0)
                {
                    return new SinglePrediction("–", null, [new RowIssue(0, "sentence", RowIssue.EmptyText, null)]);
                }

                using var recognizer = EntityModelPackage.Load(modelPath);
                return new SinglePrediction(TaskEvaluations.Describe(tokens, EntityMetrics.Spans(recognizer.Tag([tokens])[0])), null, []);
            }

            default:
                return null;
        }
    }

    public static void Score(
        ScoringTask task, RunTask kind, string modelPath, TabularData data, RowKeys keys, string outputPath, Action<double> progress)
    {
        var csv = kind switch
        {
            RunTask.TextClassification => ScoreTexts(task, modelPath, data, keys, progress),
            RunTask.EntityRecognition => ScoreSentences(task, modelPath, data, keys, progress),
            RunTask.Forecasting => ScoreSeries(task, modelPath, data),
            _ => throw new InvalidOperationException($"{kind} models are scored as tables."),
        };
        File.WriteAllBytes(outputPath, csv.ToBytes());
        task.Rows = data.RowCount;
    }

    /// <summary>Words, numbers and punctuation as tokens; each Chinese character its own token, as in CoNLL corpora of Chinese.</summary>
    public static List<string> Tokens(string? sentence) =>
        string.IsNullOrWhiteSpace(sentence) ? [] : TokenPattern().Matches(sentence).Select(m => m.Value).ToList();

    private static SpreadsheetCsv ScoreTexts(ScoringTask task, string modelPath, TabularData data, RowKeys keys, Action<double> progress)
    {
        using var classifier = TextModelPackage.Load(modelPath);
        var column = Require(task, data, classifier.Specification.TextColumn);
        var texts = data.Column(column);
        var labels = classifier.Labels;
        var csv = new SpreadsheetCsv();
        csv.Row([.. keys.Header, $"predicted_{classifier.Specification.LabelColumn}", .. labels.Select(l => $"p_{l}"), "issues"]);
        InChunks(data.RowCount, 2_000, progress, rows =>
        {
            var filled = rows.Where(r => !string.IsNullOrWhiteSpace(texts[r])).ToList();
            var probabilities = filled.Count == 0 ? [] : classifier.Probabilities(filled.Select(r => texts[r]).ToList());
            var byRow = filled.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => probabilities[x.i]);
            foreach (var r in rows)
            {
                if (byRow.TryGetValue(r, out var p))
                {
                    csv.Row([.. keys.Of(r), labels[Array.IndexOf(p, p.Max())], .. p.Select(v => (object?)Math.Round(v, 6)), string.Empty]);
                }
                else
                {
                    task.RowsWithIssues++;
                    csv.Row([.. keys.Of(r), null, .. labels.Select(_ => (object?)null), new RowIssue(
                        r, column, RowIssue.EmptyText, null).Message]);
                }
            }
        });
        return csv;
    }

    private static SpreadsheetCsv ScoreSentences(
        ScoringTask task, string modelPath, TabularData data, RowKeys keys, Action<double> progress)
    {
        using var recognizer = EntityModelPackage.Load(modelPath);
        var column = data.HasColumn("sentence") ? "sentence" : Require(task, data, "text", "sentence");
        var sentences = data.Column(column);
        var csv = new SpreadsheetCsv();
        csv.Row([.. keys.Header, column, "entities", "issues"]);
        InChunks(data.RowCount, 1_000, progress, rows =>
        {
            var tokens = rows.ToDictionary(r => r, r => Tokens(sentences[r]));
            var filled = rows.Where(r => tokens[r].Count > 0).ToList();
            var tags = filled.Count == 0 ? [] : recognizer.Tag(filled.Select(r => (IReadOnlyList<string>)tokens[r]).ToList());
            var byRow = filled.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => tags[x.i]);
            foreach (var r in rows)
            {
                if (byRow.TryGetValue(r, out var t))
                {
                    csv.Row([.. keys.Of(r), sentences[r], TaskEvaluations.Describe(tokens[r], EntityMetrics.Spans(t)), string.Empty]);
                }
                else
                {
                    task.RowsWithIssues++;
                    csv.Row([.. keys.Of(r), sentences[r], null, new RowIssue(r, column, RowIssue.EmptyText, null).Message]);
                }
            }
        });
        return csv;
    }

    private static SpreadsheetCsv ScoreSeries(ScoringTask task, string modelPath, TabularData data)
    {
        using var forecaster = ForecastModelPackage.Load(modelPath);
        var spec = forecaster.Specification;
        foreach (var column in new[] { spec.TimeColumn, spec.Target }.Concat(spec.Covariates))
        {
            Require(task, data, column);
        }

        var times = data.Column(spec.TimeColumn).Where(t => !TabularData.IsMissing(t)).Select(t => t!.Trim()).ToList();
        if (times.Count < forecaster.Window)
        {
            throw new InvalidDataException(
                $"The series has {times.Count} dated rows; the model reads the last {forecaster.Window}, so at least that many are needed.");
        }

        if (data.Column(spec.Target).Count(v => TabularData.ParseNumber(v) is not null) < forecaster.Window)
        {
            throw new InvalidDataException($"The column '{spec.Target}' needs numbers in at least {forecaster.Window} rows.");
        }

        var forecast = forecaster.ForecastNext(data);
        var next = NextTimes(times, forecast.Count);
        var csv = new SpreadsheetCsv();
        csv.Row(["step", spec.TimeColumn, $"forecast_{spec.Target}"]);
        for (var i = 0; i < forecast.Count; i++)
        {
            csv.Row([i + 1, next?[i] ?? $"+{i + 1}", Math.Round(forecast[i], 6)]);
        }

        task.RowsWithIssues = data.Column(spec.Target).Count(v => TabularData.ParseNumber(v) is null); // filled in by interpolation
        return csv;
    }

    /// <summary>The times after the last one when the series steps by a whole number of days (daily, weekly…); null otherwise.</summary>
    private static IReadOnlyList<string>? NextTimes(IReadOnlyList<string> times, int count)
    {
        var dates = times.Select(TabularData.ParseDate).Where(d => d is not null).Select(d => d!.Value).Order().TakeLast(8).ToList();
        if (dates.Count < 3)
        {
            return null;
        }

        var steps = dates.Zip(dates.Skip(1), (a, b) => b - a).Distinct().ToList();
        if (steps.Count != 1 || steps[0] <= TimeSpan.Zero || steps[0].TotalDays % 1 != 0)
        {
            return null;
        }

        return Enumerable.Range(1, count).Select(
            i => dates[^1].AddDays(steps[0].TotalDays * i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
    }

    private static string Require(ScoringTask task, TabularData data, string column, string? alternative = null)
    {
        if (!data.HasColumn(column))
        {
            task.MissingColumns = column;
            throw new InvalidDataException(alternative is null
                ? $"The file has no column '{column}', which the model needs."
                : $"The file has no column '{alternative}' or '{column}' with the sentences to tag.");
        }

        return column;
    }

    private static void InChunks(int rows, int size, Action<double> progress, Action<int[]> chunk)
    {
        for (var start = 0; start < rows; start += size)
        {
            chunk(Enumerable.Range(start, Math.Min(size, rows - start)).ToArray());
            progress(Math.Min(1, (start + size) / (double)rows));
        }
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}|[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*|[^\s\p{IsCJKUnifiedIdeographs}]")]
    private static partial Regex TokenPattern();
}
