using Portal.Training.Data;

namespace Portal.Training.Evaluation;

/// <summary>The headline test score within one value of the grouping column; <see cref="Gap"/> is its distance from the overall
/// score.</summary>
public sealed record SliceScore(string Group, int Count, double Score, double Gap);

internal static class SliceMetrics
{
    public static IReadOnlyList<SliceScore> Compute(
        TabularData data, int[] rows, string groupingColumn, Predictions predictions, TestScorer scorer)
    {
        var overall = scorer.Headline(rows, predictions);
        var groups = data.Column(groupingColumn);
        return rows.Select((row, i) => (row, i, group: TabularData.IsMissing(groups[row]) ? "(missing)" : groups[row]!.Trim()))
            .GroupBy(p => p.group, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .Select(g =>
            {
                var members = g.ToList();
                var subset = new Predictions(
                    members.Select(m => predictions.Values[m.i]).ToArray(),
                    predictions.Probabilities is null ? null : members.Select(m => predictions.Probabilities[m.i]).ToArray());
                var score = scorer.Headline(members.Select(m => m.row).ToList(), subset);
                return new SliceScore(g.Key, members.Count, score, score - overall);
            })
            .OrderBy(s => s.Gap)
            .ToList();
    }
}
