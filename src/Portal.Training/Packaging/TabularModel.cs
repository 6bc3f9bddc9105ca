using Portal.Training.Data;
using Portal.Training.Evaluation;
using Portal.Training.Models;
using Portal.Training.Preprocessing;
using Portal.Training.Specification;

namespace Portal.Training.Packaging;

/// <summary>One scored row: the prediction (a number, or a class with its probabilities) and what could not be used as given.</summary>
public sealed record ScoredRow(
    int Row, double? Value, string? Class, IReadOnlyDictionary<string, double>? Probabilities, IReadOnlyList<RowIssue> Issues);

/// <summary>A loaded model package that scores new tables; problems in a row are reported with the row, never failing the file.</summary>
public sealed class TabularModel(
    TabularSpecification spec, PackageManifest manifest, TabularNetwork network, TabularPredictor predictor) : IDisposable
{
    public TabularSpecification Specification => spec;

    public PackageManifest Manifest => manifest;

    public PreprocessingState Preprocessing => predictor.State;

    public Predictions Predict(TabularData data, IReadOnlyList<int> rows) => predictor.Predict(data, rows);

    public IReadOnlyList<ScoredRow> Score(TabularData data)
    {
        var rows = Enumerable.Range(0, data.RowCount).ToList();
        var issues = new List<RowIssue>();
        var predictions = predictor.Predict(data, rows, issues);
        var byRow = issues.ToLookup(i => i.Row);
        var classes = predictor.State.Target.Classes;
        return rows.Select(r => spec.Task == TrainingTask.Regression
                ? new ScoredRow(r, predictions.Values[r], null, null, byRow[r].ToList())
                : new ScoredRow(r, null, classes[(int)predictions.Values[r]],
                    classes.Select((c, i) => (c, p: predictions.Probabilities![r][i])).ToDictionary(p => p.c, p => p.p), byRow[r].ToList()))
            .ToList();
    }

    public void Dispose() => network.Dispose();
}
