using System.Text.Json.Serialization;
using Portal.Training.Specification;

namespace Portal.Training.Forecasting;

public enum ForecastModel
{
    /// <summary>
    /// Compares the statistical forecasters (naive, seasonal naive, drift, exponential smoothing) and the lag network on rolling
    /// validation forecasts and keeps the best, or the mean of the three best.
    /// </summary>
    Auto,

    /// <summary>The best of the exponential-smoothing models (level, damped trend, Holt-Winters with additive or multiplicative season).
    /// </summary>
    ExponentialSmoothing,

    /// <summary>The last <c>Window</c> observations, flattened, into an MLP that outputs all horizon steps at once.</summary>
    LagMlp,
    Gru,
    Lstm,
}

/// <summary>Forecast one numeric column <see cref="Horizon"/> steps ahead from its own past and optional covariates.</summary>
public sealed record ForecastSpecification : TrainingSpecification
{
    public required string Target { get; init; }
    public required string TimeColumn { get; init; }
    public IReadOnlyList<string> Covariates { get; init; } = [];
    public int Horizon { get; init; } = 7;

    /// <summary>Season length in steps (7 for daily data with a weekly pattern); null means detect it from the training part.</summary>
    public int? Season { get; init; }

    /// <summary>How many past steps the model sees; null means max(2 × season, 2 × horizon, 8), at most 128.</summary>
    public int? Window { get; init; }

    public ForecastModel Model { get; init; } = ForecastModel.Auto;
    public override Hyperparameters Hyperparameters { get; init; } = new() { Epochs = 80, BatchSize = 32, Dropout = 0.0, Patience = 15 };

    // Not used since the test part became the last Horizon points and validation the points before it (ForecastSeries.Split); kept
    // so that the specifications of earlier runs still read and show what they were trained with.
    public double ValidationFraction { get; init; } = 0.15;
    public double TestFraction { get; init; } = 0.15;
    public int Seed { get; init; } = 42;

    [JsonIgnore]
    public override SplitSettings Holdout => new() { ValidationFraction = ValidationFraction, TestFraction = TestFraction, Seed = Seed };

    [JsonIgnore]
    public override string Subject => Target;

    [JsonIgnore]
    public override IReadOnlyList<string> Inputs => [TimeColumn, .. Covariates];

    [JsonIgnore]
    public override string ModelName => ModelKey(Model);

    /// <summary>The name of a forecast model among all models' names (the tables' and texts' Auto are different choices).</summary>
    public static string ModelKey(ForecastModel model) => model == ForecastModel.Auto ? "ForecastAuto" : model.ToString();
}
