using Portal.Core.Features.Runs;
using Portal.Jobs.Runs;
using Portal.Training.Entities;
using Portal.Training.Forecasting;
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
        var h = (request.Text?.Hyperparameters ?? request.Entities?.Hyperparameters ?? request.Forecast!.Hyperparameters);
        return new TaskForm
        {
            basis = request,
            Task = request.Task,
            Name = name,
            Device = request.Device,
            TextColumn = request.Text?.TextColumn ?? string.Empty,
            LabelColumn = request.Text?.LabelColumn ?? string.Empty,
            TextModel = request.Text?.Model ?? TextModel.BagOfEmbeddings,
            TaggerModel = request.Entities?.Model ?? TaggerModel.BiLstm,
            UseCrf = request.Entities?.UseCrf ?? true,
            Target = request.Forecast?.Target ?? string.Empty,
            TimeColumn = request.Forecast?.TimeColumn ?? string.Empty,
            ForecastModel = request.Forecast?.Model ?? ForecastModel.LagMlp,
            Horizon = request.Forecast?.Horizon ?? 7,
            Epochs = h.Epochs,
            BatchSize = h.BatchSize,
            LearningRate = h.LearningRate,
            Patience = h.Patience,
            Seed = request.Text?.Split.Seed ?? request.Entities?.Split.Seed ?? request.Forecast!.Seed,
        };
    }

    public RunRequest ToRequest()
    {
        var r = basis.WithHyperparameters(h => h with { Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, Patience = Patience });
        return r with
        {
            Name = Name,
            Device = Device,
            Text = r.Text is { } t ? t with { TextColumn = TextColumn, LabelColumn = LabelColumn, Model = TextModel, Split = t.Split with { Seed = Seed } } : null,
            Entities = r.Entities is { } e ? e with { Model = TaggerModel, UseCrf = UseCrf, Split = e.Split with { Seed = Seed } } : null,
            Forecast = r.Forecast is { } f ? f with { Target = Target, TimeColumn = TimeColumn, Model = ForecastModel, Horizon = Horizon, Seed = Seed } : null,
        };
    }

    public string ModelName => Task switch
    {
        RunTask.TextClassification => TextModel.ToString(),
        RunTask.EntityRecognition => TaggerModel.ToString(),
        _ => ForecastModel.ToString(),
    };

    /// <summary>What it predicts, for the review and the default name.</summary>
    public string Subject => ToRequest().Subject;
}
