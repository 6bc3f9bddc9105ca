namespace Portal.Training.Entities;

public sealed record EntitySpan(string Type, int Start, int End);

public sealed record TypeScores(string Type, double Precision, double Recall, double F1, int Support);

public sealed record EntityScores(double Precision, double Recall, double F1, double MacroF1, IReadOnlyList<TypeScores> PerType);

/// <summary>Entity-level scores with exact span matching, read the way CoNLL's conlleval and seqeval read BIO tags.</summary>
public static class EntityMetrics
{
    /// <summary>Spans from BIO tags; an I- that does not continue its type starts a new span (conlleval's reading).</summary>
    public static List<EntitySpan> Spans(IReadOnlyList<string> tags)
    {
        var spans = new List<EntitySpan>();
        string? type = null;
        var start = 0;
        for (var i = 0; i <= tags.Count; i++)
        {
            var tag = i < tags.Count ? tags[i] : "O";
            var continues = type is not null && tag == "I-" + type;
            if (continues)
            {
                continue;
            }

            if (type is not null)
            {
                spans.Add(new EntitySpan(type, start, i));
                type = null;
            }

            if (tag.Length > 2 && tag[0] is 'B' or 'I')
            {
                type = tag[2..];
                start = i;
            }
        }

        return spans;
    }

    public static EntityScores Score(IReadOnlyList<IReadOnlyList<string>> gold, IReadOnlyList<IReadOnlyList<string>> predicted)
    {
        var counts = new Dictionary<string, (int TruePositive, int Predicted, int Gold)>(StringComparer.Ordinal);
        for (var s = 0; s < gold.Count; s++)
        {
            var goldSpans = Spans(gold[s]).ToHashSet();
            var predictedSpans = Spans(predicted[s]);
            foreach (var span in goldSpans)
            {
                var c = counts.GetValueOrDefault(span.Type);
                counts[span.Type] = c with { Gold = c.Gold + 1 };
            }

            foreach (var span in predictedSpans)
            {
                var c = counts.GetValueOrDefault(span.Type);
                counts[span.Type] = c with { Predicted = c.Predicted + 1, TruePositive = c.TruePositive + (
                    goldSpans.Contains(span) ? 1 : 0) };
            }
        }

        var perType = counts.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => Scores(c.Key, c.Value.TruePositive, c.Value.Predicted, c.Value.Gold)).ToList();
        var micro = Scores(
            "all", counts.Values.Sum(c => c.TruePositive), counts.Values.Sum(c => c.Predicted), counts.Values.Sum(c => c.Gold));
        var withGold = perType.Where(t => t.Support > 0).ToList();
        return new EntityScores(micro.Precision, micro.Recall, micro.F1, withGold.Count == 0 ? 0 : withGold.Average(t => t.F1), perType);
    }

    private static TypeScores Scores(string type, int truePositive, int predicted, int gold)
    {
        var precision = predicted == 0 ? 0 : (double)truePositive / predicted;
        var recall = gold == 0 ? 0 : (double)truePositive / gold;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new TypeScores(type, precision, recall, f1, gold);
    }
}
