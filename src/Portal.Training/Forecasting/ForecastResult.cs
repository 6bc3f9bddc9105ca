using Portal.Training.Metrics;
using Portal.Training.Trainers;

namespace Portal.Training.Forecasting;

/// <summary>One forecast point on the test part: made at <see cref="Origin"/>, <see cref="Step"/> steps ahead.</summary>
public sealed record ForecastPoint(string Origin, int Step, string Time, double Actual, double Predicted);

/// <summary>A central prediction interval (80 or 95%) at each step ahead.</summary>
public sealed record ForecastBand(int Level, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper)
{
    public static IReadOnlyList<ForecastBand> Around(IReadOnlyList<double> forecast, IReadOnlyList<double> scales) =>
        scales.Count < forecast.Count ? [] : ForecastSelection.Intervals.Select(i => new ForecastBand(
            i.Level,
            forecast.Select((f, s) => f - i.Z * scales[s]).ToList(),
            forecast.Select((f, s) => f + i.Z * scales[s]).ToList())).ToList();
}

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

    /// <summary>Empty when no network was trained (a statistical forecaster was chosen without it).</summary>
    public string WeightsFile { get; init; } = string.Empty;

    /// <summary>Every candidate with its validation error; the chosen one is marked.</summary>
    public IReadOnlyList<ForecastCandidate> Candidates { get; init; } = [];

    /// <summary>Why the network was not a candidate (too short a series for its window), null when it was.</summary>
    public string? NetworkSkipped { get; init; }

    public IReadOnlyList<string> NextTimes { get; init; } = [];

    public IReadOnlyList<ForecastBand> NextIntervals { get; init; } = [];

    public IReadOnlyList<ForecastBand> TestIntervals { get; init; } = [];

    public TimeFrequency Frequency { get; init; } = TimeFrequency.Steps;

    public int InsertedTimes { get; init; }
}
