using System.Text.Json.Serialization;
namespace Portal.Training.Specification;

public enum TrainingTask
{
    Regression,
    Classification,
}

public enum ModelFamily
{
    Linear,
    Mlp,

    /// <summary>Train the linear model and the MLP and keep the one with the lower validation loss.</summary>
    Auto,
}

public enum OptimizerKind
{
    AdamW,
    Sgd,
}

public enum ScheduleKind
{
    Constant,
    Step,
    Cosine,
}

public enum ActivationKind
{
    Relu,
    Tanh,
    Gelu,
}

/// <summary>
/// How a network is trained. Defaults are what the portal proposes; every value is checked by
/// <see cref="SpecificationValidator"/>.
/// </summary>
public sealed record Hyperparameters
{
    public int Epochs { get; init; } = 60;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 0.003;
    public double WeightDecay { get; init; } = 0.0001;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;
    public double Momentum { get; init; } = 0.9;
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Cosine;
    public int WarmupEpochs { get; init; } = 2;
    public int StepEvery { get; init; } = 10;
    public double StepFactor { get; init; } = 0.5;
    public int Patience { get; init; } = 10;
    public double GradientClip { get; init; } = 5.0;
    public int HiddenLayers { get; init; } = 2;
    public int HiddenWidth { get; init; } = 64;
    public double Dropout { get; init; } = 0.1;
    public ActivationKind Activation { get; init; } = ActivationKind.Relu;

    /// <summary>Weigh classes by inverse frequency, so a rare class is not ignored.</summary>
    public bool BalanceClasses { get; init; }
}

public sealed record SplitSettings
{
    public double ValidationFraction { get; init; } = 0.15;
    public double TestFraction { get; init; } = 0.15;
    public int Seed { get; init; } = 42;
}

/// <summary>A tabular run: which column to predict from which, with which model.</summary>
public sealed record TabularSpecification : TrainingSpecification
{
    public required TrainingTask Task { get; init; }
    public required string Target { get; init; }

    /// <summary>Null means every column except the target.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Optional column whose values split the test metrics into slices (e.g. region), to show unfair gaps.</summary>
    public string? GroupingColumn { get; init; }

    public ModelFamily Model { get; init; } = ModelFamily.Auto;
    public override Hyperparameters Hyperparameters { get; init; } = new();
    public SplitSettings Split { get; init; } = new();

    [JsonIgnore]
    public override SplitSettings Holdout => Split;

    [JsonIgnore]
    public override string Subject => Target;

    [JsonIgnore]
    public override IReadOnlyList<string> Inputs => Features ?? [];

    [JsonIgnore]
    public override string ModelName => Model.ToString();
}
