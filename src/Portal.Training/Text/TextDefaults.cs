using Portal.Training.Data;

namespace Portal.Training.Text;

/// <summary>
/// The settings the portal proposes for a text dataset: the Auto model, batches that grow with the corpus, and class
/// weighting whenever the largest class is more than <see cref="BalanceAbove"/> times the smallest (otherwise the
/// rare classes are outvoted and the model answers the majority class).
/// </summary>
public static class TextDefaults
{
    public const double BalanceAbove = 3;

    public static TextSpecification Propose(TabularData data, string textColumn, string labelColumn)
    {
        var counts = data.HasColumn(labelColumn)
            ? data.Column(labelColumn).Where(l => !TabularData.IsMissing(l)).GroupBy(l => l!.Trim(), StringComparer.Ordinal)
                .Select(g => g.Count()).ToList()
            : [];
        return Propose(data.RowCount, textColumn, labelColumn, counts.Count < 2 ? 1 : (double)counts.Max() / counts.Min());
    }

    /// <param name="imbalance">The largest class over the smallest (or a lower bound of it).</param>
    public static TextSpecification Propose(long rows, string textColumn, string labelColumn, double imbalance = 1)
    {
        var proposed = new TextSpecification { TextColumn = textColumn, LabelColumn = labelColumn };
        var trainingRows = (int)(rows * (1 - proposed.Split.ValidationFraction - proposed.Split.TestFraction));
        var batch = (int)Math.Clamp(Math.Pow(2, Math.Floor(Math.Log2(Math.Max(1, trainingRows / 64.0)))), 16, 256);
        return proposed with
        {
            Hyperparameters = proposed.Hyperparameters with
            {
                BatchSize = batch,
                LearningRate = batch >= 128 ? 0.01 : 0.005,
                BalanceClasses = imbalance > BalanceAbove,
            },
        };
    }
}
