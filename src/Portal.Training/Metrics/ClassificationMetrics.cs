namespace Portal.Training.Metrics;

public sealed record ClassScores(string Class, double Precision, double Recall, double F1, int Support);

public sealed record ClassificationScores(
    double Accuracy,
    double MacroF1,
    double WeightedF1,
    double? RocAuc,
    double? LogLoss,
    IReadOnlyList<ClassScores> PerClass,
    int[][] ConfusionMatrix);

public static class ClassificationMetrics
{
    /// <param name="probabilities">Per row, one probability per class (null when the model gives none, as for a baseline).</param>
    public static ClassificationScores Score(
        IReadOnlyList<string> classes, IReadOnlyList<int> actual, IReadOnlyList<int> predicted,
            IReadOnlyList<double[]>? probabilities = null)
    {
        var k = classes.Count;
        var confusion = Enumerable.Range(0, k).Select(_ => new int[k]).ToArray();
        for (var i = 0; i < actual.Count; i++)
        {
            confusion[actual[i]][predicted[i]]++;
        }

        var perClass = new List<ClassScores>();
        for (var c = 0; c < k; c++)
        {
            var truePositive = confusion[c][c];
            var predictedCount = confusion.Sum(row => row[c]);
            var support = confusion[c].Sum();
            var precision = predictedCount == 0 ? 0 : (double)truePositive / predictedCount;
            var recall = support == 0 ? 0 : (double)truePositive / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.Add(new ClassScores(classes[c], precision, recall, f1, support));
        }

        var present = perClass.Where(p => p.Support > 0).ToList();
        var total = actual.Count;
        return new ClassificationScores(
            Accuracy: total == 0 ? 0 : (double)Enumerable.Range(0, k).Sum(c => confusion[c][c]) / total,
            MacroF1: present.Count == 0 ? 0 : present.Average(p => p.F1),
            WeightedF1: total == 0 ? 0 : perClass.Sum(p => p.F1 * p.Support) / total,
            RocAuc: probabilities is null ? null : RocAuc(actual, probabilities, k),
            LogLoss: probabilities is null ? null : -actual.Select((a, i) => Math.Log(Math.Clamp(probabilities[i][a], 1e-15, 1))).Average(),
            PerClass: perClass,
            ConfusionMatrix: confusion);
    }

    /// <summary>Binary: AUC of the second class. Several classes: the mean of one-vs-rest AUCs over classes present with both
    /// outcomes.</summary>
    private static double? RocAuc(IReadOnlyList<int> actual, IReadOnlyList<double[]> probabilities, int k)
    {
        if (k == 2)
        {
            return BinaryAuc(actual.Select(a => a == 1).ToList(), probabilities.Select(p => p[1]).ToList());
        }

        var aucs = Enumerable.Range(0, k)
            .Select(c => BinaryAuc(actual.Select(a => a == c).ToList(), probabilities.Select(p => p[c]).ToList()))
            .Where(a => a is not null).Select(a => a!.Value).ToList();
        return aucs.Count == 0 ? null : aucs.Average();
    }

    /// <summary>Mann-Whitney form of the AUC, with tied scores sharing their average rank.</summary>
    public static double? BinaryAuc(IReadOnlyList<bool> positive, IReadOnlyList<double> score)
    {
        var positives = positive.Count(p => p);
        var negatives = positive.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        var order = Enumerable.Range(0, score.Count).OrderBy(i => score[i]).ToArray();
        var ranks = new double[score.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && score[order[j + 1]] == score[order[i]])
            {
                j++;
            }

            for (var t = i; t <= j; t++)
            {
                ranks[order[t]] = (i + j) / 2.0 + 1;
            }

            i = j + 1;
        }

        var positiveRankSum = Enumerable.Range(0, score.Count).Where(i => positive[i]).Sum(i => ranks[i]);
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
