using Portal.Core.Features.Exports;
using Portal.Training.Data;
using Portal.Training.Packaging;
using Portal.Training.Preprocessing;

namespace Portal.Runs.Scoring;

/// <summary>Texts: one text in the form, or a file with the text column; every label's probability comes back.</summary>
public sealed class TextScorer : TaskScorer
{
    public override IReadOnlyList<ModelInput> Inputs(RunResultBundle bundle, string modelPath) =>
        [new ModelInput(bundle.Settings.Inputs[0], "text", [])];

    public override SinglePrediction? Predict(RunResultBundle bundle, string modelPath, IReadOnlyDictionary<string, string?> values)
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

    public override SpreadsheetCsv Score(ScoringTask task, string modelPath, TabularData data, RowKeys keys, Action<double> progress)
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
}
