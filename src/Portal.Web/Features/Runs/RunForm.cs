using Portal.Core.Features.Runs;
using Portal.Training.Specification;

namespace Portal.Web.Features.Runs;

/// <summary>The new-run form's editable values; converts to and from the training specification.</summary>
public sealed class RunForm
{
    public string? Name { get; set; }
    public TrainingTask Task { get; set; }
    public string Target { get; set; } = string.Empty;
    public HashSet<string> Features { get; set; } = new(StringComparer.Ordinal);
    public string? Grouping { get; set; }
    public ModelFamily Model { get; set; }
    public DevicePreference Device { get; set; }
    public int Epochs { get; set; }
    public int BatchSize { get; set; }
    public double LearningRate { get; set; }
    public OptimizerKind Optimizer { get; set; }
    public ScheduleKind Schedule { get; set; }
    public int WarmupEpochs { get; set; }
    public int Patience { get; set; }
    public double WeightDecay { get; set; }
    public int HiddenLayers { get; set; }
    public int HiddenWidth { get; set; }
    public double Dropout { get; set; }
    public bool BalanceClasses { get; set; }
    public double ValidationFraction { get; set; }
    public double TestFraction { get; set; }
    public int Seed { get; set; }

    /// <summary>Settings the form does not show keep the proposal's values.</summary>
    private TabularSpecification basis = new() { Task = TrainingTask.Regression, Target = string.Empty };

    public static RunForm From(
        TabularSpecification spec, IEnumerable<string> allColumns, DevicePreference device = DevicePreference.Auto, string? name = null)
    {
        var h = spec.Hyperparameters;
        return new RunForm
        {
            basis = spec,
            Name = name,
            Task = spec.Task,
            Target = spec.Target,
            Features = new HashSet<string>(spec.Features ?? allColumns.Where(c => c != spec.Target), StringComparer.Ordinal),
            Grouping = spec.GroupingColumn,
            Model = spec.Model,
            Device = device,
            Epochs = h.Epochs,
            BatchSize = h.BatchSize,
            LearningRate = h.LearningRate,
            Optimizer = h.Optimizer,
            Schedule = h.Schedule,
            WarmupEpochs = h.WarmupEpochs,
            Patience = h.Patience,
            WeightDecay = h.WeightDecay,
            HiddenLayers = h.HiddenLayers,
            HiddenWidth = h.HiddenWidth,
            Dropout = h.Dropout,
            BalanceClasses = h.BalanceClasses,
            ValidationFraction = spec.Split.ValidationFraction,
            TestFraction = spec.Split.TestFraction,
            Seed = spec.Split.Seed,
        };
    }

    public TabularSpecification ToSpecification(IReadOnlyList<string> columnOrder) => basis with
    {
        Task = Task,
        Target = Target,
        Features = columnOrder.Where(c => Features.Contains(c) && c != Target).ToList(),
        GroupingColumn = string.IsNullOrEmpty(Grouping) ? null : Grouping,
        Model = Model,
        Hyperparameters = basis.Hyperparameters with
        {
            Epochs = Epochs,
            BatchSize = BatchSize,
            LearningRate = LearningRate,
            Optimizer = Optimizer,
            Schedule = Schedule,
            WarmupEpochs = WarmupEpochs,
            Patience = Patience,
            WeightDecay = WeightDecay,
            HiddenLayers = HiddenLayers,
            HiddenWidth = HiddenWidth,
            Dropout = Dropout,
            BalanceClasses = BalanceClasses,
        },
        Split = basis.Split with { ValidationFraction = ValidationFraction, TestFraction = TestFraction, Seed = Seed },
    };
}
