using Portal.Training.Data;

namespace Portal.Training.Evaluation;

/// <summary>How much the test score drops when one column's values are shuffled among the test rows (R² or accuracy points).</summary>
public sealed record FeatureImportance(string Column, double ScoreDrop);

internal static class PermutationImportance
{
    public static IReadOnlyList<FeatureImportance> Compute(
        TabularPredictor predictor, TabularData data, int[] rows, TestScorer scorer, int seed)
    {
        var baseline = scorer.Headline(rows, predictor.Predict(data, rows));
        var columns = predictor.State.Numeric.Select(n => n.Column).Concat(predictor.State.Categorical.Select(c => c.Column))
            .Concat((predictor.State.Dates ?? []).Select(d => d.Column));
        var result = new List<FeatureImportance>();
        foreach (var column in columns)
        {
            var original = data.Column(column);
            var shuffledOrder = rows.ToArray();
            new Random(seed).Shuffle(shuffledOrder);
            var permuted = (string?[])original.Clone();
            for (var i = 0; i < rows.Length; i++)
            {
                permuted[rows[i]] = original[shuffledOrder[i]];
            }

            var score = scorer.Headline(rows, predictor.Predict(data.WithColumn(column, permuted), rows));
            result.Add(new FeatureImportance(column, baseline - score));
        }

        return [.. result.OrderByDescending(r => r.ScoreDrop)];
    }
}
