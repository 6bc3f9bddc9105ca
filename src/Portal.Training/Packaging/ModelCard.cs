using System.Globalization;
using System.Text;
using Portal.Training.Specification;
using Portal.Training.Trainers;

namespace Portal.Training.Packaging;

/// <summary>A model card in Markdown: intended use, data, metrics next to the baseline, and limits, from the run's own numbers.</summary>
public static class ModelCard
{
    public static string Markdown(TabularSpecification spec, TabularTrainingResult result, DateTimeOffset createdAt)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"# Model card: {spec.Task.ToString().ToLowerInvariant()} of `{spec.Target}`");
        text.AppendLine();
        text.AppendLine(c, $"Trained {createdAt:yyyy-MM-dd HH:mm} UTC on {result.Device}; {spec.Model} model, seed {spec.Split.Seed}.");
        text.AppendLine();
        text.AppendLine("## Intended use");
        text.AppendLine(c, $"Predicting `{spec.Target}` for rows shaped like the training data, as decision support read by an analyst.");
        text.AppendLine("Not for decisions about individual people without human review.");
        text.AppendLine();
        text.AppendLine("## Data");
        text.AppendLine(
            c, $"- Rows: {result.Split.Train.Length} training, {result.Split.Validation.Length} validation, {result.Split.Test.Length} " +
                $"test (seeded split{(spec.Task == TrainingTask.Classification ? ", stratified by class" : string.Empty)}).");
        text.AppendLine(
            c, $"- Features used: " +
                $"{string.Join(", ", result.Preprocessing.Numeric.Select(n => n.Column)
                    .Concat(result.Preprocessing.Categorical.Select(x => x.Column))
                    .Concat((result.Preprocessing.Dates ?? []).Select(d => d.Column)))}.");
        if (result.Preprocessing.IgnoredColumns.Count > 0)
        {
            text.AppendLine(
                c, $"- Ignored (empty, or one value per row like an identifier): " +
                $"{string.Join(", ", result.Preprocessing.IgnoredColumns)}.");
        }

        text.AppendLine();
        text.AppendLine("## Metrics on the test split");
        text.AppendLine("| metric | model | baseline |");
        text.AppendLine("|---|---|---|");
        if (result.Regression is { } r && result.RegressionBaseline is { } rb)
        {
            text.AppendLine(c, $"| R² | {r.RSquared:0.000} | {rb.RSquared:0.000} (training mean) |");
            text.AppendLine(c, $"| RMSE | {r.Rmse:G4} | {rb.Rmse:G4} |");
            text.AppendLine(c, $"| MAE | {r.Mae:G4} | {rb.Mae:G4} |");
        }

        if (result.Classification is { } k && result.ClassificationBaseline is { } kb)
        {
            text.AppendLine(c, $"| accuracy | {k.Accuracy:0.000} | {kb.Accuracy:0.000} (majority class) |");
            text.AppendLine(c, $"| macro F1 | {k.MacroF1:0.000} | {kb.MacroF1:0.000} |");
            if (k.RocAuc is { } auc)
            {
                text.AppendLine(c, $"| ROC-AUC | {auc:0.000} | 0.500 |");
            }
        }

        if (result.Slices.Count > 0)
        {
            var worst = result.Slices[0];
            text.AppendLine();
            text.AppendLine(
                c, $"Largest gap by `{spec.GroupingColumn}`: `{worst.Group}` scores {worst.Gap:+0.000;-0.000} against the overall test " +
                    $"score ({worst.Count} rows).");
        }

        text.AppendLine();
        text.AppendLine("## Limitations");
        text.AppendLine(
            "- Scores hold for data like the training data; new categories, ranges or periods can make predictions unreliable (scoring " +
            "reports unseen categories per row).");
        text.AppendLine("- Feature importance shows what the model uses, not what causes the outcome.");
        text.AppendLine(c, $"- The test split has {result.Split.Test.Length} rows; small splits give uncertain scores.");
        return text.ToString();
    }
}
