using System.Text.Json;
using Portal.Core.Features.Runs;
using Portal.Runs.Results;
namespace Portal.Web.Features.Runs;

/// <summary>The shape a script reads for a run: where it stands, what it cost, what it found.</summary>
public record RunDto(
    Guid Id,
    string Name,
    Guid DatasetId,
    Guid? ProjectId,
    string Task,
    string Status,
    string Queue,
    int? QueuePosition,
    string? Host,
    string? Device,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double ComputeMinutes,
    RunProgressDto? Progress,
    RunErrorDto? Error,
    RunResultSummary? Result,
    string? Model)
{
    public static RunDto From(Run run, int? queuePosition) => new(
        run.Id,
        run.Name,
        run.DatasetId,
        run.ProjectId,
        run.Task.ToString(),
        run.Status.ToString(),
        run.Queue,
        queuePosition,
        run.Host,
        run.Device,
        run.Attempts,
        run.CreatedAt,
        run.StartedAt,
        run.FinishedAt,
        Math.Round(run.ComputeSeconds / 60, 2),
        run.Status == RunStatus.Running
            ? new RunProgressDto(run.Phase, run.Epoch, run.Epochs, run.Step, run.StepsPerEpoch, run.EtaSeconds)
            : null,
        run.ErrorCode is null ? null : new RunErrorDto(run.ErrorCode, run.ErrorMessage),
        RunQueryService.Result(run),
        run.ModelPath is null ? null : $"/api/runs/{run.Id}/model");
}

public sealed record RunProgressDto(string? Phase, int Epoch, int Epochs, int Step, int StepsPerEpoch, double? EtaSeconds);

public sealed record RunErrorDto(string Code, string? Message);

/// <summary>
/// One run — every field of <see cref="RunDto"/> at the top level, as a created dataset's are — with the specification it
/// trains (with its <c>kind</c>) and every metric curve.
/// </summary>
public sealed record RunDetailDto(
    RunDto Summary, JsonElement Specification, IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> Metrics) : RunDto(Summary)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public RunDto Summary { get; } = Summary;

    public static RunDetailDto From(Run run, int? queuePosition, IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>>? metrics)
    {
        using var specification = JsonDocument.Parse(run.SpecificationJson);
        return new(
            RunDto.From(run, queuePosition), specification.RootElement.Clone(), metrics
                ?? new Dictionary<string, IReadOnlyList<MetricPoint>>());
    }
}

public sealed record RunListDto(int Total, int Page, int PageSize, IReadOnlyList<RunDto> Items);

/// <summary>Status is Cancelled for a run that had not started, CancelRequested for one that stops within seconds.</summary>
public sealed record RunCancelDto(Guid Id, string Status);

/// <summary>
/// What <c>POST /api/runs</c> reads besides the task's settings. Every other field is a setting of the chosen task
/// by its name on the run page (epochs, learningRate, balanceClasses, model, horizon, textColumn, useCrf, ...);
/// a name the task does not have is refused with 400 naming it.
/// </summary>
public sealed record CreateRunBody(Guid DatasetId, string? Name, Guid? ProjectId, string? Task, string? Target, string? Device);
