using System.Text.Json;
using Portal.Core.Features.Runs;
using Portal.Training.Entities;
using Portal.Training.Forecasting;
using Portal.Training.Specification;
using Portal.Training.Text;

namespace Portal.Jobs.Runs;

/// <summary>
/// What a user asks for: a dataset, the training specification and where to run it. Exactly one specification is
/// set: <see cref="Specification"/> for tables, or the one of the text, entity or forecasting task.
/// </summary>
public sealed record RunRequest
{
    public required Guid DatasetId { get; init; }
    public string? Name { get; init; }

    /// <summary>Regression or classification on a table.</summary>
    public TabularSpecification? Specification { get; init; }

    public TextSpecification? Text { get; init; }
    public EntitySpecification? Entities { get; init; }
    public ForecastSpecification? Forecast { get; init; }

    public RunTask Task =>
        Text is not null ? RunTask.TextClassification
        : Entities is not null ? RunTask.EntityRecognition
        : Forecast is not null ? RunTask.Forecasting
        : Specification?.Task == TrainingTask.Regression ? RunTask.Regression : RunTask.Classification;

    /// <summary>How many specifications are set (a valid request has exactly one).</summary>
    public int SpecificationCount => new object?[] { Specification, Text, Entities, Forecast }.Count(s => s is not null);

    /// <summary>The epochs asked for (progress is shown against them).</summary>
    public int Epochs => (Text?.Hyperparameters ?? Entities?.Hyperparameters ?? Forecast?.Hyperparameters ?? Specification?.Hyperparameters)?.Epochs ?? 0;

    /// <summary>What it predicts, for the default run name.</summary>
    public string Subject => Text?.LabelColumn ?? Forecast?.Target ?? (Entities is not null ? "entities" : Specification?.Target) ?? string.Empty;

    public string SpecificationJson(JsonSerializerOptions json) =>
        Text is not null ? JsonSerializer.Serialize(Text, json)
        : Entities is not null ? JsonSerializer.Serialize(Entities, json)
        : Forecast is not null ? JsonSerializer.Serialize(Forecast, json)
        : JsonSerializer.Serialize(Specification, json);

    /// <summary>The same request with the shared hyperparameters changed, whatever the task.</summary>
    public RunRequest WithHyperparameters(Func<Hyperparameters, Hyperparameters> change) => this with
    {
        Specification = Specification is { } s ? s with { Hyperparameters = change(s.Hyperparameters) } : null,
        Text = Text is { } t ? t with { Hyperparameters = change(t.Hyperparameters) } : null,
        Entities = Entities is { } e ? e with { Hyperparameters = change(e.Hyperparameters) } : null,
        Forecast = Forecast is { } f ? f with { Hyperparameters = change(f.Hyperparameters) } : null,
    };

    /// <summary>The request that trains what a stored run trained.</summary>
    public static RunRequest ForRun(Run run, JsonSerializerOptions json) => run.Task switch
    {
        RunTask.TextClassification => new RunRequest { DatasetId = run.DatasetId, Text = JsonSerializer.Deserialize<TextSpecification>(run.SpecificationJson, json) },
        RunTask.EntityRecognition => new RunRequest { DatasetId = run.DatasetId, Entities = JsonSerializer.Deserialize<EntitySpecification>(run.SpecificationJson, json) },
        RunTask.Forecasting => new RunRequest { DatasetId = run.DatasetId, Forecast = JsonSerializer.Deserialize<ForecastSpecification>(run.SpecificationJson, json) },
        _ => new RunRequest { DatasetId = run.DatasetId, Specification = JsonSerializer.Deserialize<TabularSpecification>(run.SpecificationJson, json) },
    } with
    {
        Name = run.Name,
        Device = run.DevicePreference,
        SourceRunId = run.Id,
        ProjectId = run.ProjectId,
    };
    public DevicePreference Device { get; init; } = DevicePreference.Auto;

    /// <summary>Null means the owner's personal project.</summary>
    public Guid? ProjectId { get; init; }

    /// <summary>Set when the run is a clone or retry of another.</summary>
    public Guid? SourceRunId { get; init; }
}

/// <summary>A refusal of a submit: which field (or "Quota", "Dataset") and a stable code with its arguments for translation.</summary>
public sealed record RunProblem(string Field, string Code, string Message, params object[] Arguments)
{
    public static RunProblem From(SettingProblem p) => new(p.Setting, p.Code, p.Message, p.Arguments);
}

public enum SubmitOutcome
{
    Submitted,
    Invalid,
    DatasetNotFound,
    OverQuota,
    ProjectNotFound,
}

public sealed record SubmitResult(SubmitOutcome Outcome, Run? Run, IReadOnlyList<RunProblem> Problems)
{
    public bool Succeeded => Outcome == SubmitOutcome.Submitted;
}

/// <summary>The settings the portal proposes for a dataset, which the new-run flow starts from.</summary>
public sealed record RunProposal(
    Guid DatasetId,
    string DatasetName,
    IReadOnlyList<ColumnChoice> Columns,
    TabularSpecification Specification,
    long Rows);

/// <summary>A column as the new-run flow shows it: its profiled type, and whether it is usable as a feature by default.</summary>
public sealed record ColumnChoice(string Name, string Type, long Distinct, bool IsIdentifier);
