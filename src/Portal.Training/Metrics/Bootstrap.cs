namespace Portal.Training.Metrics;

/// <summary>A 95% interval of a score: how far it could move with another test sample of the same size.</summary>
public sealed record ScoreInterval(double Low, double High, int Rows);

/// <summary>Percentile bootstrap over the test rows (seeded, so a run reports the same interval every time).</summary>
public static class Bootstrap
{
    public const int Resamples = 1000;

    /// <summary>The interval of macro-F1 over classes 0..k-1; null when there are no test rows.</summary>
    public static ScoreInterval? MacroF1(int classes, IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int seed)
    {
        var n = actual.Count;
        if (n == 0)
        {
            return null;
        }

        var random = new Random(seed);
        var scores = new double[Resamples];
        var (truePositive, actualCount, predictedCount) = (new int[classes], new int[classes], new int[classes]);
        for (var b = 0; b < Resamples; b++)
        {
            Array.Clear(truePositive);
            Array.Clear(actualCount);
            Array.Clear(predictedCount);
            for (var i = 0; i < n; i++)
            {
                var row = random.Next(n);
                actualCount[actual[row]]++;
                predictedCount[predicted[row]]++;
                if (actual[row] == predicted[row])
                {
                    truePositive[actual[row]]++;
                }
            }

            scores[b] = MacroF1(truePositive, actualCount, predictedCount);
        }

        Array.Sort(scores);
        return new ScoreInterval(scores[(int)(0.025 * Resamples)], scores[(int)(0.975 * Resamples) - 1], n);
    }

    /// <summary>Macro-F1 over the classes the sample holds, as <see cref="ClassificationMetrics.Score"/> averages them.</summary>
    private static double MacroF1(int[] truePositive, int[] actualCount, int[] predictedCount)
    {
        double sum = 0;
        var present = 0;
        for (var c = 0; c < truePositive.Length; c++)
        {
            if (actualCount[c] == 0)
            {
                continue;
            }

            present++;
            sum += 2.0 * truePositive[c] / (actualCount[c] + predictedCount[c]);
        }

        return present == 0 ? 0 : sum / present;
    }
}
