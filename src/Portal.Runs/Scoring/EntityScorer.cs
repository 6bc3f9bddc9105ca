using System.Text.RegularExpressions;
using Portal.Core.Features.Exports;
using Portal.Training.Data;
using Portal.Training.Entities;
using Portal.Training.Packaging;
using Portal.Training.Preprocessing;

namespace Portal.Runs.Scoring;

/// <summary>
/// Entities: one sentence in the form, or a file with a "sentence" (or "text") column; the found entities come back as
/// "TYPE: words; …".
/// </summary>
public sealed partial class EntityScorer : TaskScorer
{
    public override IReadOnlyList<ModelInput> Inputs(RunResultBundle bundle, string modelPath) => [new ModelInput("sentence", "text", [])];

    public override SinglePrediction? Predict(RunResultBundle bundle, string modelPath, IReadOnlyDictionary<string, string?> values)
    {
        var tokens = Tokens(values.GetValueOrDefault("sentence"));
        if (tokens.Count == 0)
        {
            return new SinglePrediction("–", null, [new RowIssue(0, "sentence", RowIssue.EmptyText, null)]);
        }

        using var recognizer = EntityModelPackage.Load(modelPath);
        return new SinglePrediction(TaskEvaluations.Describe(tokens, EntityMetrics.Spans(recognizer.Tag([tokens])[0])), null, []);
    }

    public override SpreadsheetCsv Score(ScoringTask task, string modelPath, TabularData data, RowKeys keys, Action<double> progress)
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

    /// <summary>Words, numbers and punctuation as tokens; each Chinese character its own token, as in CoNLL corpora of Chinese.</summary>
    public static List<string> Tokens(string? sentence) =>
        string.IsNullOrWhiteSpace(sentence) ? [] : TokenPattern().Matches(sentence).Select(m => m.Value).ToList();
    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}|[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*|[^\s\p{IsCJKUnifiedIdeographs}]")]
    private static partial Regex TokenPattern();
}
