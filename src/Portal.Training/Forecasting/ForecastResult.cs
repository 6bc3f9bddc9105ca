using Portal.Training.Metrics;
using Portal.Training.Trainers;

namespace Portal.Training.Forecasting;

/// <summary>One forecast point on the test part: made at <see cref="Origin"/>, <see cref="Step"/> steps ahead.</summary>
public sealed record ForecastPoint(string Origin, int Step, string Time, double Actual, double Predicted);

public sealed record ForecastResult(
    ForecastScores Scores,
    ForecastScores NaiveBaseline,
    ForecastScores SeasonalNaiveBaseline,
    int Season,
    bool SeasonDetected,
    int Window,
    int FilledGaps,
    IReadOnlyList<EpochRecord> History,
    int BestEpoch,
    bool Resumed,
    IReadOnlyList<ForecastPoint> TestForecasts,
    IReadOnlyList<double> NextForecast,
    string Device,
    TimeSpan Duration)
{
    public ForecastState State { get; init; } = new([], [], 1, 1);

    public string WeightsFile { get; init; } = string.Empty;
}
