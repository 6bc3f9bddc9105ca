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

    /// <summary>The interval of any score computed from resampled row positions 0..n-1; null when there are no rows.</summary>
    public static ScoreInterval? Of(int n, Func<int[], double> score, int seed)
    {
        if (n == 0)
        {
            return null;
        }

        var random = new Random(seed);
        var rows = new int[n];
        var scores = new double[Resamples];
        for (var b = 0; b < Resamples; b++)
        {
            for (var i = 0; i < n; i++)
            {
                rows[i] = random.Next(n);
            }

            scores[b] = score(rows);
        }

        Array.Sort(scores);
        return new ScoreInterval(scores[(int)(0.025 * Resamples)], scores[(int)(0.975 * Resamples) - 1], n);
    }

    /// <summary>R² of the resampled rows (a resample whose actual values are all equal scores 0).</summary>
    public static ScoreInterval? RSquared(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, int seed) =>
        Of(actual.Count, rows =>
        {
            var mean = rows.Average(r => actual[r]);
            var total = rows.Sum(r => (actual[r] - mean) * (actual[r] - mean));
            var residual = rows.Sum(r => (actual[r] - predicted[r]) * (actual[r] - predicted[r]));
            return total > 0 ? 1 - residual / total : 0;
        }, seed);

    /// <summary>The share of resampled rows whose prediction is right.</summary>
    public static ScoreInterval? Accuracy(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int seed) =>
        Of(actual.Count, rows => rows.Count(r => actual[r] == predicted[r]) / (double)rows.Length, seed);

    /// <summary>The mean of resampled absolute errors (MAE).</summary>
    public static ScoreInterval? MeanAbsolute(IReadOnlyList<double> errors, int seed) =>
        Of(errors.Count, rows => rows.Average(r => Math.Abs(errors[r])), seed);
}
