namespace Portal.Training.Forecasting;

/// <summary>Finds a season length from the autocorrelation of the differenced series (differencing removes trend).</summary>
public static class SeasonDetector
{
    public const double MinimumCorrelation = 0.3;

    public static int Detect(IReadOnlyList<double> series, int maxLag = 400)
    {
        if (series.Count < 8)
        {
            return 1;
        }

        var diff = Enumerable.Range(1, series.Count - 1).Select(i => series[i] - series[i - 1]).ToArray();
        var mean = diff.Average();
        var variance = diff.Sum(d => (d - mean) * (d - mean));
        if (variance < 1e-12)
        {
            return 1;
        }

        var limit = Math.Min(maxLag, diff.Length / 3);
        var correlations = new double[limit + 1];
        for (var lag = 2; lag <= limit; lag++)
        {
            double sum = 0;
            for (var i = lag; i < diff.Length; i++)
            {
                sum += (diff[i] - mean) * (diff[i - lag] - mean);
            }

            correlations[lag] = sum / variance;
        }

        var best = correlations.Max();
        if (best < MinimumCorrelation)
        {
            return 1;
        }

        // Prefer the shortest lag nearly as strong as the best: a weekly pattern also correlates at 14, 21, ...
        return Enumerable.Range(2, limit - 1).First(lag => correlations[lag] >= 0.9 * best);
    }
}
