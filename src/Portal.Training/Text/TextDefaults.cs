using Portal.Training.Data;

namespace Portal.Training.Text;

/// <summary>
/// The settings the portal proposes for a text dataset. Batches grow with the corpus: each optimiser step updates the
/// whole embedding table, so a large corpus in small batches spends its time there rather than learning.
/// </summary>
public static class TextDefaults
{
    public static TextSpecification Propose(TabularData data, string textColumn, string labelColumn) => Propose(
        data.RowCount, textColumn, labelColumn);

    public static TextSpecification Propose(long rows, string textColumn, string labelColumn)
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
            },
        };
    }
}
