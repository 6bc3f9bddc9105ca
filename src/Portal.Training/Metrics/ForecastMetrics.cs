namespace Portal.Training.Metrics;

/// <summary>MAE, RMSE, sMAPE (percent) and MASE (MAE divided by the in-sample MAE of the seasonal-naive forecast).</summary>
public sealed record ForecastScores(double Mae, double Rmse, double Smape, double? Mase, int Points);

public static class ForecastMetrics
{
    /// <param name="scale">In-sample mean absolute error of the (seasonal) naive forecast on the training part; null leaves MASE
    /// out.</param>
    public static ForecastScores Score(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, double? scale)
    {
        if (actual.Count != predicted.Count || actual.Count == 0)
        {
            throw new ArgumentException("Actual and predicted values must be non-empty and of the same length.");
        }

        double absolute = 0, squared = 0, symmetric = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var error = Math.Abs(actual[i] - predicted[i]);
            absolute += error;
            squared += error * error;
            var denominator = Math.Abs(actual[i]) + Math.Abs(predicted[i]);
            symmetric += denominator == 0 ? 0 : 2 * error / denominator;
        }

        var mae = absolute / actual.Count;
        return new ForecastScores(mae, Math.Sqrt(squared / actual.Count), 100 * symmetric / actual.Count,
            scale is > 0 ? mae / scale.Value : null, actual.Count);
    }

    /// <summary>Mean absolute difference between each training value and the one a season earlier.</summary>
    public static double? NaiveScale(IReadOnlyList<double> training, int season)
    {
        var m = Math.Max(1, season);
        if (training.Count <= m)
        {
            return null;
        }

        return Enumerable.Range(m, training.Count - m).Average(i => Math.Abs(training[i] - training[i - m]));
    }
}
