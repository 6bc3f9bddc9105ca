using Portal.Core.Features.Runs;
using Portal.Runs.Starting;
using Portal.Training.Entities;
using Portal.Training.Forecasting;
using Portal.Training.Specification;
using Portal.Training.Text;

namespace Portal.Web.Features.Runs;

/// <summary>The new-run form for text, entity and forecasting runs; settings it does not show keep the proposal's values.</summary>
public sealed class TaskForm
{
    private RunRequest basis = default!;

    public RunTask Task { get; private set; }
    public string? Name { get; set; }
    public DevicePreference Device { get; set; }
    public string TextColumn { get; set; } = string.Empty;
    public string LabelColumn { get; set; } = string.Empty;
    public TextModel TextModel { get; set; }
    public TaggerModel TaggerModel { get; set; }
    public bool UseCrf { get; set; }
    public bool BalanceClasses { get; set; }
    public string Target { get; set; } = string.Empty;
    public string TimeColumn { get; set; } = string.Empty;
    public ForecastModel ForecastModel { get; set; }
    public int Horizon { get; set; }
    public int Epochs { get; set; }
    public int BatchSize { get; set; }
    public double LearningRate { get; set; }
    public int Patience { get; set; }
    public int Seed { get; set; }

    public static TaskForm From(RunRequest request, string? name = null)
    {
        var spec = request.Specification;
        var (text, entities, forecast) = (spec as TextSpecification, spec as EntitySpecification, spec as ForecastSpecification);
        return new TaskForm
        {
            basis = request,
            Task = request.Task,
            Name = name,
            Device = request.Device,
            TextColumn = text?.TextColumn ?? string.Empty,
            LabelColumn = text?.LabelColumn ?? string.Empty,
            TextModel = text?.Model ?? TextModel.Auto,
            BalanceClasses = spec.Hyperparameters.BalanceClasses,
            TaggerModel = entities?.Model ?? TaggerModel.BiLstm,
            UseCrf = entities?.UseCrf ?? true,
            Target = forecast?.Target ?? string.Empty,
            TimeColumn = forecast?.TimeColumn ?? string.Empty,
            ForecastModel = forecast?.Model ?? ForecastModel.Auto,
            Horizon = forecast?.Horizon ?? 7,
            Epochs = spec.Hyperparameters.Epochs,
            BatchSize = spec.Hyperparameters.BatchSize,
            LearningRate = spec.Hyperparameters.LearningRate,
            Patience = spec.Hyperparameters.Patience,
            Seed = spec.Holdout.Seed,
        };
    }

    public RunRequest ToRequest()
    {
        var h = basis.Specification.Hyperparameters with { Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate,
            Patience = Patience, BalanceClasses = basis.Specification is TextSpecification ? BalanceClasses
                : basis.Specification.Hyperparameters.BalanceClasses };
        TrainingSpecification spec = basis.Specification switch
        {
            TextSpecification t => t with
            {
                TextColumn = TextColumn, LabelColumn = LabelColumn, Model = TextModel, Hyperparameters = h,
                    Split = t.Split with { Seed = Seed },
            },
            EntitySpecification e =>
                e with { Model = TaggerModel, UseCrf = UseCrf, Hyperparameters = h, Split = e.Split with { Seed = Seed } },
            ForecastSpecification f => f with
            {
                Target = Target, TimeColumn = TimeColumn, Model = ForecastModel, Horizon = Horizon, Hyperparameters = h, Seed = Seed,
            },
            var other => other with { Hyperparameters = h },
        };
        return basis with { Name = Name, Device = Device, Specification = spec };
    }

    public string ModelName => ToRequest().Specification.ModelName;

    /// <summary>What it predicts, for the review and the default name.</summary>
    public string Subject => ToRequest().Specification.Subject;
}
