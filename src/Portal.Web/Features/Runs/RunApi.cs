using System.Security.Claims;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Runs;
using Portal.Core.Features.Storage;
using Portal.Jobs.Runs;
using Microsoft.AspNetCore.Authorization;
using Portal.Core.Features.Access;
using Portal.Training.Specification;
using Portal.Web.Features.Access;
using Portal.Web.Features.Account;
using Portal.Web.Features.Api;

namespace Portal.Web.Features.Runs;

/// <summary>Settings a script may send; anything left out is the portal's proposal for the dataset.</summary>
public sealed record CreateRunBody(
    Guid DatasetId,
    string? Name = null,
    Guid? ProjectId = null,
    string? Task = null,
    string? Target = null,
    IReadOnlyList<string>? Features = null,
    string? GroupingColumn = null,
    string? Model = null,
    string? Device = null,
    int? Epochs = null,
    int? BatchSize = null,
    double? LearningRate = null,
    double? WeightDecay = null,
    string? Optimizer = null,
    string? Schedule = null,
    int? WarmupEpochs = null,
    int? Patience = null,
    int? HiddenLayers = null,
    int? HiddenWidth = null,
    double? Dropout = null,
    bool? BalanceClasses = null,
    double? ValidationFraction = null,
    double? TestFraction = null,
    int? Seed = null);

/// <summary>REST: create, list, read (with curves), cancel runs and download their models; owner only, 404 for anyone else.</summary>
public static class RunApi
{
    public static IEndpointRouteBuilder MapRunApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup("/api/runs").WithTags("Runs");
        api.MapPost("", CreateAsync).WithSummary("Start a run. Settings left out are the portal's proposal for the dataset.");
        api.MapGet("", ListAsync).WithSummary("Your runs, newest first (page from 0, pageSize up to 200; filter by status).");
        api.MapGet("/{id:guid}", GetAsync).WithSummary("One run with its status, progress, result and every metric curve.");
        api.MapPost("/{id:guid}/cancel", CancelAsync).WithSummary("Cancel a queued or running run; a running one stops within seconds.");
        api.MapGet("/{id:guid}/model", DownloadModelAsync).AuditDownloads().WithSummary("The trained model package (zip) of a finished run.");
        return endpoints;
    }

    private static string Owner(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private static IResult NotFound(string what) => Results.Problem(statusCode: 404, title: $"No such {what}.");

    private static async Task<IResult> CreateAsync(CreateRunBody body, HttpContext context, RunSubmissionService submissions, AuditLog audit)
    {
        var owner = Owner(context.User);
        var errors = new Dictionary<string, string[]>();
        TEnum? Parse<TEnum>(string? value, string field) where TEnum : struct, Enum
        {
            if (value is null)
            {
                return null;
            }

            if (Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                return parsed;
            }

            errors[field] = [$"{field} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}."];
            return null;
        }

        var runTask = Parse<RunTask>(body.Task, "Task");
        var task = runTask switch { RunTask.Regression => TrainingTask.Regression, RunTask.Classification => (TrainingTask?)TrainingTask.Classification, _ => null };
        var model = Parse<ModelFamily>(body.Model, "Model");
        var device = Parse<DevicePreference>(body.Device, "Device");
        var optimizer = Parse<OptimizerKind>(body.Optimizer, "Optimizer");
        var schedule = Parse<ScheduleKind>(body.Schedule, "Schedule");
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Some settings are not valid.");
        }

        if (runTask is RunTask.TextClassification or RunTask.EntityRecognition or RunTask.Forecasting)
        {
            var proposed = await submissions.ProposeTaskAsync(owner, body.DatasetId, runTask.Value, body.Target, context.RequestAborted);
            if (proposed is null)
            {
                return NotFound("dataset that can train this task");
            }

            var request = proposed.WithHyperparameters(h => h with
            {
                Epochs = body.Epochs ?? h.Epochs,
                BatchSize = body.BatchSize ?? h.BatchSize,
                LearningRate = body.LearningRate ?? h.LearningRate,
                Patience = body.Patience ?? h.Patience,
                HiddenWidth = body.HiddenWidth ?? h.HiddenWidth,
                Dropout = body.Dropout ?? h.Dropout,
            }) with { Name = body.Name, Device = device ?? DevicePreference.Auto, ProjectId = body.ProjectId };
            return await SubmitAsync(owner, request, context, submissions, audit);
        }

        var proposal = await submissions.ProposeAsync(owner, body.DatasetId, body.Target, task, context.RequestAborted);
        if (proposal is null)
        {
            return NotFound("dataset"); // someone else's dataset is as absent as a missing one
        }

        var spec = proposal.Specification;
        var h = spec.Hyperparameters;
        spec = spec with
        {
            Target = body.Target ?? spec.Target,
            Features = body.Features ?? spec.Features,
            GroupingColumn = body.GroupingColumn ?? spec.GroupingColumn,
            Model = model ?? spec.Model,
            Hyperparameters = h with
            {
                Epochs = body.Epochs ?? h.Epochs,
                BatchSize = body.BatchSize ?? h.BatchSize,
                LearningRate = body.LearningRate ?? h.LearningRate,
                WeightDecay = body.WeightDecay ?? h.WeightDecay,
                Optimizer = optimizer ?? h.Optimizer,
                Schedule = schedule ?? h.Schedule,
                WarmupEpochs = body.WarmupEpochs ?? (body.Epochs is { } epochs ? Math.Min(h.WarmupEpochs, Math.Max(0, epochs - 1)) : h.WarmupEpochs),
                Patience = body.Patience ?? h.Patience,
                HiddenLayers = body.HiddenLayers ?? h.HiddenLayers,
                HiddenWidth = body.HiddenWidth ?? h.HiddenWidth,
                Dropout = body.Dropout ?? h.Dropout,
                BalanceClasses = body.BalanceClasses ?? h.BalanceClasses,
            },
            Split = spec.Split with
            {
                ValidationFraction = body.ValidationFraction ?? spec.Split.ValidationFraction,
                TestFraction = body.TestFraction ?? spec.Split.TestFraction,
                Seed = body.Seed ?? spec.Split.Seed,
            },
        };

        return await SubmitAsync(owner, new RunRequest { DatasetId = body.DatasetId, Name = body.Name, Specification = spec, Device = device ?? DevicePreference.Auto, ProjectId = body.ProjectId }, context, submissions, audit);
    }

    private static async Task<IResult> SubmitAsync(string owner, RunRequest request, HttpContext context, RunSubmissionService submissions, AuditLog audit)
    {
        var result = await submissions.SubmitAsync(owner, request, context.RequestAborted);
        await audit.AppendAsync(AuditHttp.Event(context, AuditActions.RunSubmit, result.Run?.Id.ToString() ?? request.DatasetId.ToString(),
            result.Succeeded ? AuditOutcome.Success : AuditOutcome.Failure, detail: result.Problems.FirstOrDefault()?.Code));
        return result.Outcome switch
        {
            SubmitOutcome.Submitted => Results.Created($"/api/runs/{result.Run!.Id}", await DescribeAsync(result.Run, null, null)),
            SubmitOutcome.DatasetNotFound => NotFound("dataset"),
            SubmitOutcome.ProjectNotFound => NotFound("project"),
            SubmitOutcome.OverQuota => Results.Problem(statusCode: 409, title: result.Problems[0].Message,
                extensions: new Dictionary<string, object?> { ["code"] = result.Problems[0].Code }),
            _ => Results.ValidationProblem(
                result.Problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
                title: "Some settings are not valid.",
                extensions: new Dictionary<string, object?> { ["codes"] = result.Problems.Select(p => p.Code).Distinct().ToArray() }),
        };
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, RunQueryService runs, string? status, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        RunStatus? filter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<RunStatus>(status, true, out var parsed))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"status must be one of {string.Join(", ", Enum.GetNames<RunStatus>())}."] });
            }

            filter = parsed;
        }

        var list = await runs.ListAsync(Owner(user), new RunFilter(filter), page ?? 0, Math.Clamp(pageSize ?? 50, 1, 200), cancellationToken);
        return Results.Ok(new { list.Total, Items = list.Items.Select(i => Describe(i.Run, i.QueuePosition)) });
    }

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, RunQueryService runs, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(Owner(user), id, cancellationToken) is not { } item)
        {
            return NotFound("run");
        }

        var metrics = await runs.MetricsAsync(id, cancellationToken);
        return Results.Ok(await DescribeAsync(item.Run, item.QueuePosition, metrics));
    }

    private static async Task<IResult> CancelAsync(Guid id, HttpContext context, RunQueryService runs, RunSubmissionService submissions, AuditLog audit, IAuthorizationService authorization)
    {
        var owner = Owner(context.User);
        if (!await authorization.AllowsAsync(context.User, new RunResource(id), Operation.Edit) || await runs.FindAsync(owner, id, context.RequestAborted) is not { } item)
        {
            return NotFound("run");
        }

        var cancelled = await submissions.CancelAsync(owner, id, context.RequestAborted);
        await audit.AppendAsync(AuditHttp.Event(context, AuditActions.RunCancel, id.ToString(), cancelled ? AuditOutcome.Success : AuditOutcome.Failure));
        return cancelled
            ? Results.Accepted($"/api/runs/{id}", new { id, status = item.Run.Status == RunStatus.Queued ? RunStatus.Cancelled.ToString() : "CancelRequested" })
            : Results.Problem(statusCode: 409, title: $"The run has already ended ({item.Run.Status}).");
    }

    private static async Task<IResult> DownloadModelAsync(Guid id, ClaimsPrincipal user, RunQueryService runs, ArtefactStore store, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        if (!await authorization.AllowsAsync(user, new RunResource(id), Operation.Download) || await runs.FindAsync(Owner(user), id, cancellationToken) is not { } item)
        {
            return NotFound("run");
        }

        if (item.Run.ModelPath is not { } relative || !File.Exists(Path.Combine(store.Root, relative)))
        {
            return Results.Problem(statusCode: 404, title: "This run has no model (yet).");
        }

        var safeName = new string(item.Run.Name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-').Take(80).ToArray()).Trim('-');
        return Results.File(Path.Combine(store.Root, relative), "application/zip", $"{(safeName.Length == 0 ? "model" : safeName)}-{id:N}.zip");
    }

    private static object Describe(Run run, int? queuePosition) => new
    {
        run.Id,
        run.Name,
        run.DatasetId,
        run.ProjectId,
        Task = run.Task.ToString(),
        Status = run.Status.ToString(),
        run.Queue,
        QueuePosition = queuePosition,
        run.Host,
        run.Device,
        run.Attempts,
        run.CreatedAt,
        run.StartedAt,
        run.FinishedAt,
        ComputeMinutes = Math.Round(run.ComputeSeconds / 60, 2),
        Progress = run.Status == RunStatus.Running ? new { run.Phase, run.Epoch, run.Epochs, run.Step, run.StepsPerEpoch, run.EtaSeconds } : null,
        Error = run.ErrorCode is null ? null : new { Code = run.ErrorCode, Message = run.ErrorMessage },
        Result = RunQueryService.Result(run),
        Model = run.ModelPath is null ? null : $"/api/runs/{run.Id}/model",
    };

    private static Task<object> DescribeAsync(Run run, int? queuePosition, IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>>? metrics) =>
        Task.FromResult<object>(new { Run = Describe(run, queuePosition), Specification = System.Text.Json.JsonDocument.Parse(run.SpecificationJson).RootElement, Metrics = metrics ?? new Dictionary<string, IReadOnlyList<MetricPoint>>() });
}
