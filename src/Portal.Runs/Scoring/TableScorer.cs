using System.Globalization;
using Portal.Core.Features.Exports;
using Portal.Training.Data;
using Portal.Training.Packaging;
using Portal.Training.Preprocessing;

namespace Portal.Runs.Scoring;

/// <summary>Tables: a form with the model's input columns, or a file scored in chunks; what could not be used is reported.</summary>
public sealed class TableScorer : TaskScorer
{
    public override IReadOnlyList<ModelInput> Inputs(RunResultBundle bundle, string modelPath)
    {
        using var model = TabularModelPackage.Load(modelPath);
        var state = model.Preprocessing;
        return state.Numeric.Select(n => new ModelInput(n.Column, "number", []))
            .Concat(state.Categorical.Select(
                c => new ModelInput(c.Column, "category", c.Levels.Concat(c.RareLevels).Order(StringComparer.Ordinal).ToList())))
            .Concat((state.Dates ?? []).Select(d => new ModelInput(d.Column, "date", [])))
            .ToList();
    }

    public override SinglePrediction? Predict(RunResultBundle bundle, string modelPath, IReadOnlyDictionary<string, string?> values)
    {
        using var model = TabularModelPackage.Load(modelPath);
        var names = values.Keys.ToList();
        var data = new TabularData(names, names.Select(n => new[] { values[n] }).ToList());
        var row = model.Score(data)[0];
        var prediction = row.Class ?? row.Value!.Value.ToString("G6", CultureInfo.CurrentCulture);
        return new SinglePrediction(prediction, row.Probabilities, row.Issues);
    }

    public override SpreadsheetCsv Score(ScoringTask task, string modelPath, TabularData data, RowKeys keys, Action<double> progress)
    {
        using var model = TabularModelPackage.Load(modelPath);
        var classes = model.Preprocessing.Target.Classes;
        var csv = new SpreadsheetCsv();
        var regression = model.Specification.Task == TrainingTask.Regression;
        csv.Row([.. keys.Header, $"predicted_{model.Specification.Target}", .. regression ? Array.Empty<string>() : classes.Select(
            c => $"p_{c}"), "issues"]);
        const int chunk = 5_000;
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        long withIssues = 0;
        for (var start = 0; start < data.RowCount; start += chunk)
        {
            var rows = Enumerable.Range(start, Math.Min(chunk, data.RowCount - start)).ToArray();
            var part = new TabularData(
                data.ColumnNames, data.ColumnNames.Select(n => rows.Select(r => data.Column(n)[r]).ToArray()).ToList());
            foreach (var scored in model.Score(part))
            {
                var rowIssues = scored.Issues.Where(i => i.Code != RowIssue.MissingColumn).ToList();
                foreach (var m in scored.Issues.Where(i => i.Code == RowIssue.MissingColumn))
                {
                    missing.Add(m.Column);
                }

                withIssues += rowIssues.Count > 0 ? 1 : 0;
                object?[] prediction = regression ? [scored.Value]
                    : [scored.Class, .. classes.Select(c => (object?)Math.Round(scored.Probabilities![c], 6))];
                csv.Row([.. keys.Of(start + scored.Row), .. prediction, string.Join("; ", rowIssues.Select(i => i.Message))]);
            }

            progress(Math.Min(1, (start + rows.Length) / (double)data.RowCount));
        }

        task.RowsWithIssues = withIssues;
        task.MissingColumns = missing.Count == 0 ? null : string.Join(", ", missing);
        return csv;
    }
}
