using Portal.Training.Data;
using Portal.Training.Preprocessing;

namespace Portal.Training.Evaluation;

/// <summary>How much the test score drops when one column's values are shuffled among the test rows (R² or accuracy points).</summary>
public sealed record FeatureImportance(string Column, double ScoreDrop);

/// <summary>
/// Each column's values shuffled among the test rows, as its encoded slots (an encoding depends on the row's own value only, so
/// shuffling the encoded block is shuffling the values): the rows are encoded once, not once per column.
/// </summary>
internal static class PermutationImportance
{
    public static IReadOnlyList<FeatureImportance> Compute(
        TabularPredictor predictor, TabularData data, int[] rows, TestScorer scorer, int seed)
    {
        var state = predictor.State;
        var width = state.Width;
        var encoded = TabularPreprocessor.Transform(state, data, rows);
        var baseline = scorer.Headline(rows, predictor.Predict(encoded, rows.Length));
        var blocks = state.Numeric.Select(n => (n.Column, n.Width)).Concat(state.Categorical.Select(c => (c.Column, c.Width)))
            .Concat((state.Dates ?? []).Select(d => (d.Column, DateEncoding.Width)));
        var position = rows.Select((row, i) => (row, i)).ToDictionary(p => p.row, p => p.i);
        var result = new List<FeatureImportance>();
        var offset = 0;
        foreach (var (column, slots) in blocks)
        {
            var shuffledOrder = rows.ToArray();
            new Random(seed).Shuffle(shuffledOrder);
            var permuted = (float[])encoded.Clone();
            for (var i = 0; i < rows.Length; i++)
            {
                Array.Copy(encoded, position[shuffledOrder[i]] * width + offset, permuted, i * width + offset, slots);
            }

            var score = scorer.Headline(rows, predictor.Predict(permuted, rows.Length));
            result.Add(new FeatureImportance(column, baseline - score));
            offset += slots;
        }

        return [.. result.OrderByDescending(r => r.ScoreDrop)];
    }
}
