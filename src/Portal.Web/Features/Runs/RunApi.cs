using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Features.Access;
using Portal.Core.Features.Runs;
using Portal.Core.Features.Storage;
using Portal.Runs.Results;
using Portal.Runs.Starting;
using Portal.Web.Features.Access;
using Portal.Web.Features.Account;
using Portal.Web.Features.Api;

namespace Portal.Web.Features.Runs;

/// <summary>REST: create, list, read (with curves), cancel runs and download their models; 404 for anyone without the right.</summary>
public static class RunApi
{
    public static IEndpointRouteBuilder MapRunApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup("/api/runs").WithTags("Runs");
        api.MapPost("", CreateAsync).Accepts<CreateRunBody>("application/json")
            .WithSummary("Start a run. Name any setting of the task; settings left out are the portal's proposal for the dataset.");
        api.MapGet("", ListAsync).WithSummary("Your runs, newest first (page from 0, pageSize up to 200; filter by status, datasetId, "
            + "projectId (the project's runs you may read), from/to (days created, yyyy-MM-dd, inclusive) and search in the name).");
        api.MapGet("/{id:guid}", GetAsync).WithSummary("One run with its status, progress, result and every metric curve.");
        api.MapPost("/{id:guid}/cancel", CancelAsync).WithSummary("Cancel a queued or running run; a running one stops within seconds.");
        api.MapGet("/{id:guid}/model", DownloadModelAsync).AuditDownloads().WithSummary(
            "The trained model package (zip) of a finished run.");
        return endpoints;
    }


    private static ProblemHttpResult Missing(string what) => ApiRefusals.NotFound($"No such {what}.");

    private static async Task<Results<Created<RunDetailDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        JsonObject body, HttpContext context, RunSubmissionService submissions)
    {
        var (draft, errors) = RunDraftReader.Read(body);
        if (draft is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Some settings are not valid.");
        }

        var result = await submissions.SubmitAsync(context.User.CallerId(), draft, context.RequestAborted);
        return result.Outcome switch
        {
            SubmitOutcome.Submitted => TypedResults.Created($"/api/runs/{result.Run!.Id}", RunDetailDto.From(result.Run, null, null)),
            SubmitOutcome.DatasetNotFound when result.Problems[0].Code == "Task.NotForDataset" => Missing(
                "dataset that can train this task"),
            SubmitOutcome.DatasetNotFound => Missing("dataset"),
            SubmitOutcome.ProjectNotFound => Missing("project"),
            SubmitOutcome.OverQuota => TypedResults.Problem(statusCode: 409, title: result.Problems[0].Message,
                extensions: new Dictionary<string, object?> { ["code"] = result.Problems[0].Code }),
            _ => TypedResults.ValidationProblem(
                result.Problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
                title: "Some settings are not valid.",
                extensions: new Dictionary<string, object?> { ["codes"] = result.Problems.Select(p => p.Code).Distinct().ToArray() }),
        };
    }

    private static async Task<Results<Ok<RunListDto>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, RunQueryService runs, string? status, Guid? projectId, Guid? datasetId, string? from, string? to,
        string? search, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        RunStatus? filter = null;
        if (status is not null)
        {
            if (Enum.TryParse<RunStatus>(status, true, out var parsed) && Enum.IsDefined(parsed))
            {
                filter = parsed;
            }
            else
            {
                errors["status"] = [$"status must be one of {string.Join(", ", Enum.GetNames<RunStatus>())}."];
            }
        }

        var fromDate = DateFilter(from, "from", errors);
        var toDate = DateFilter(to, "to", errors);
        if (fromDate > toDate)
        {
            errors["to"] = ["to must not be before from."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Some filters are not valid.");
        }

        var size = Math.Clamp(pageSize ?? 50, 1, 200);
        var list = await runs.ListAsync(
            user.CallerId(), new RunFilter(filter, datasetId, fromDate, toDate?.AddDays(1), search, projectId),
            Math.Max(0, page ?? 0), size,
                cancellationToken);
        return TypedResults.Ok(new RunListDto(
            list.Total, Math.Max(0, page ?? 0), size, list.Items.Select(i => RunDto.From(i.Run, i.QueuePosition)).ToList()));
    }

    /// <summary>A day (yyyy-MM-dd, UTC) for the created-between filter; to includes its whole day.</summary>
    private static DateTimeOffset? DateFilter(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (Admin.AdminEndpoints.Date(value) is { } date)
        {
            return date;
        }

        errors[field] = [$"{field} is a day written yyyy-MM-dd."];
        return null;
    }

    private static async Task<Results<Ok<RunDetailDto>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, RunQueryService runs, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(user.CallerId(), id, cancellationToken) is not { } item)
        {
            return Missing("run");
        }

        var metrics = await runs.MetricsAsync(id, cancellationToken);
        return TypedResults.Ok(RunDetailDto.From(item.Run, item.QueuePosition, metrics));
    }

    private static async Task<Results<Accepted<RunCancelDto>, ProblemHttpResult>> CancelAsync(
        Guid id, HttpContext context, RunQueryService runs, RunSubmissionService submissions, IAuthorizationService authorization)
    {
        var caller = context.User.CallerId();
        if (!await authorization.AllowsAsync(context.User, new RunResource(id), Operation.Edit)
            || await runs.FindAsync(caller, id, context.RequestAborted) is not { } item)
        {
            return Missing("run");
        }

        if (!await submissions.CancelAsync(caller, id, context.RequestAborted))
        {
            return TypedResults.Problem(statusCode: 409, title: $"The run has already ended ({item.Run.Status}).");
        }

        var status = item.Run.Status == RunStatus.Queued ? nameof(RunStatus.Cancelled) : "CancelRequested";
        return TypedResults.Accepted($"/api/runs/{id}", new RunCancelDto(id, status));
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> DownloadModelAsync(
        Guid id, ClaimsPrincipal user, RunQueryService runs, ArtefactStore store, IAuthorizationService authorization,
        CancellationToken cancellationToken)
    {
        if (!await authorization.AllowsAsync(user, new RunResource(id), Operation.Download)
            || await runs.FindAsync(user.CallerId(), id, cancellationToken) is not { } item)
        {
            return Missing("run");
        }

        if (item.Run.ModelPath is not { } relative || !File.Exists(Path.Combine(store.Root, relative)))
        {
            return ApiRefusals.NotFound("This run has no model (yet).");
        }

        var safeName = new string(item.Run.Name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-').Take(80).ToArray()).Trim(
            '-');
        var fileName = $"{(safeName.Length == 0 ? "model" : safeName)}-{id:N}.zip";
        return TypedResults.PhysicalFile(Path.Combine(store.Root, relative), "application/zip", fileName);
    }
}
