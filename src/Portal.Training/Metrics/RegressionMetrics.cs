namespace Portal.Training.Metrics;

/// <summary>RMSE, MAE, R² and MAPE (over rows whose actual value is not zero; null when there are none).</summary>
public sealed record RegressionScores(double Rmse, double Mae, double RSquared, double? Mape, int Count);

public static class RegressionMetrics
{
    public static RegressionScores Score(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        if (actual.Count != predicted.Count || actual.Count == 0)
        {
            throw new ArgumentException("Actual and predicted values must be non-empty and of the same length.");
        }

        var mean = actual.Average();
        double squared = 0, absolute = 0, total = 0, percentage = 0;
        var percentageCount = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var error = actual[i] - predicted[i];
            squared += error * error;
            absolute += Math.Abs(error);
            total += (actual[i] - mean) * (actual[i] - mean);
            if (Math.Abs(actual[i]) > 1e-12)
            {
                percentage += Math.Abs(error / actual[i]);
                percentageCount++;
            }
        }

        var rSquared = total > 0 ? 1 - squared / total : (squared == 0 ? 1 : 0);
        return new RegressionScores(
            Math.Sqrt(squared / actual.Count),
            absolute / actual.Count,
            rSquared,
            percentageCount > 0 ? 100 * percentage / percentageCount : null,
            actual.Count);
    }
}
