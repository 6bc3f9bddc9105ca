using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Features.Access;
using Portal.Core.Features.Runs;
using Portal.Runs.Scoring;
using Portal.Web.Features.Access;
using Portal.Web.Features.Account;
using Portal.Web.Features.Api;

namespace Portal.Web.Features.ResultPages;

/// <summary>A scoring job as a script follows it; <c>file</c> is where its predictions are once it succeeded.</summary>
public sealed record ScoreDto(
    Guid Id, Guid RunId, string FileName, string Status, double Progress, long Rows, long RowsWithIssues, string? MissingColumns,
    string? IdColumn, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string? File)
{
    public static ScoreDto From(ScoringTask t) => new(
        t.Id, t.RunId, t.FileName, t.Status.ToString(), t.Progress, t.Rows, t.RowsWithIssues, t.MissingColumns, t.IdColumn, t.Error,
        t.CreatedAt, t.FinishedAt, t.Status == ScoringStatus.Succeeded ? $"/api/runs/{t.RunId}/scores/{t.Id}/file" : null);
}

/// <summary>One case scored at once: the prediction, class probabilities, and what in the case could not be used.</summary>
public sealed record PredictionDto(
    string Prediction, IReadOnlyDictionary<string, double>? Probabilities, IReadOnlyList<PredictionIssueDto> Issues);

/// <summary>One case to score: each input column by name (see <c>GET /api/runs/{id}/inputs</c>) with its value.</summary>
public sealed record ScoreCaseBody(IReadOnlyDictionary<string, JsonElement> Values);

public sealed record PredictionIssueDto(string Column, string Code, string Message, string? Value);

/// <summary>
/// REST for scoring with a finished run's model, the same service as the run page's scoring panel: the model's inputs,
/// one case as JSON (answered at once), a file as a background job (answered 202 with where to poll), the job's status
/// and its predictions file, which carries each input row's number (and the caller's id column, when named).
/// </summary>
public static class ScoringApi
{
    public static IEndpointRouteBuilder MapScoringApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup("/api/runs/{id:guid}").WithTags("Scoring");
        api.MapGet("/inputs", InputsAsync).WithSummary("The inputs the run's model takes: columns, their kind and the known categories.");
        api.MapPost("/scores", ScoreAsync).DisableAntiforgery()
            .Accepts<ScoreCaseBody>("application/json", "multipart/form-data")
            .Produces<PredictionDto>(StatusCodes.Status200OK).Produces<ScoreDto>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary(
            "Score with the run's model: application/json {\"values\": {\"column\": value, …}} answers the prediction at once; "
                + "multipart/form-data with one file (CSV or TSV with a header) queues a job and answers 202 with where to poll "
                + "(?idColumn= copies your id column beside each prediction).");
        api.MapGet("/scores", ListAsync).WithSummary("Your latest scoring jobs on the run (up to 20), newest first.");
        api.MapGet("/scores/{scoreId:guid}", GetAsync).WithSummary("One scoring job: status, progress, rows, problems.");
        api.MapGet("/scores/{scoreId:guid}/file", FileAsync).AuditDownloads().WithSummary(
            "The predictions (CSV, spreadsheet-safe) of a succeeded scoring job; the first column is the input row number.");
        return endpoints;
    }

    private static ProblemHttpResult Missing(string title = "No such run with a model you may use.") => ApiRefusals.NotFound(title);

    /// <summary>404 when the caller cannot read the run; 403 when they can read but not use its model (project Viewers).</summary>
    private static Task<ProblemHttpResult?> RefusalAsync(Guid id, ClaimsPrincipal user, IAuthorizationService authorization) =>
        authorization.RefusalAsync(user, new RunResource(id), Operation.Download, "No such run with a model you may use.",
            "You may read this run but not score with its model: ask an Owner or Editor of its project.");

    private static async Task<Results<Ok<IReadOnlyList<ModelInput>>, ProblemHttpResult>> InputsAsync(
        Guid id, ClaimsPrincipal user, ScoringService scoring, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(id, user, authorization) is { } refusal)
        {
            return refusal;
        }

        return await scoring.InputsAsync(user.CallerId(), id, cancellationToken) is { } inputs
            ? TypedResults.Ok(inputs) : Missing("The run has no model (yet).");
    }

    private static async Task<IResult> ScoreAsync(
        Guid id, HttpContext context, ScoringService scoring, IAuthorizationService authorization, string? idColumn)
    {
        if (await RefusalAsync(id, context.User, authorization) is { } refusal)
        {
            return refusal;
        }

        if (context.Request.HasJsonContentType())
        {
            return await PredictAsync(id, context, scoring);
        }

        if (MultipartFile.IsMultipart(context.Request))
        {
            return await StartAsync(id, context, scoring, idColumn);
        }

        return TypedResults.Problem(statusCode: 415, title: "Send one case as application/json or a file as multipart/form-data.");
    }

    private static async Task<IResult> PredictAsync(Guid id, HttpContext context, ScoringService scoring)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(statusCode: 400, title: $"The body is not JSON: {ex.Message}");
        }

        if (body?["values"] is not JsonObject values)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["values"] = ["Send the case as {\"values\": {\"column\": value, …}}."] });
        }

        var errors = new Dictionary<string, string[]>();
        var row = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (column, value) in values)
        {
            switch (value)
            {
                case null:
                    row[column] = null;
                    break;
                case JsonValue v when v.GetValueKind() is JsonValueKind.String:
                    row[column] = v.GetValue<string>();
                    break;
                case JsonValue v when v.GetValueKind() is JsonValueKind.Number:
                    row[column] = v.GetValue<double>().ToString("R", CultureInfo.InvariantCulture);
                    break;
                case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    row[column] = v.GetValue<bool>() ? "true" : "false";
                    break;
                default:
                    errors[$"values.{column}"] = ["A value is a string, a number, true/false or null."];
                    break;
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Some values are not valid.");
        }

        var prediction = await scoring.PredictAsync(context.User.CallerId(), id, row, context.RequestAborted);
        return prediction is null ? Missing("The run has no model (yet).") : TypedResults.Ok(new PredictionDto(
            prediction.Prediction, prediction.Probabilities,
            prediction.Issues.Select(i => new PredictionIssueDto(i.Column, i.Code, i.Message, i.Value)).ToList()));
    }

    private static Task<IResult> StartAsync(Guid id, HttpContext context, ScoringService scoring, string? idColumn) =>
        MultipartFile.ReceiveAsync(context, ScoringService.MaxFileBytes, "scoring.csv",
            () => TypedResults.Problem(
                statusCode: 413, title: $"The file is larger than the limit of {ScoringService.MaxFileBytes / (1024 * 1024)} MB."),
            async (name, body) =>
            {
                var task = await scoring.StartAsync(context.User.CallerId(), id, name, body, context.RequestAborted, idColumn);
                return task is null ? Missing("The run has no model (yet).")
                    : TypedResults.Accepted($"/api/runs/{id}/scores/{task.Id}", ScoreDto.From(task));
            });

    private static async Task<Results<Ok<IReadOnlyList<ScoreDto>>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal user, ScoringService scoring, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        if (!await authorization.AllowsAsync(user, new RunResource(id), Operation.Read))
        {
            return Missing("No such run.");
        }

        var tasks = await scoring.ListAsync(user.CallerId(), id, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ScoreDto>>(tasks.Select(ScoreDto.From).ToList());
    }

    private static async Task<Results<Ok<ScoreDto>, ProblemHttpResult>> GetAsync(
        Guid id, Guid scoreId, ClaimsPrincipal user, ScoringService scoring, CancellationToken cancellationToken) =>
        await scoring.FindAsync(user.CallerId(), id, scoreId, cancellationToken) is { } task
            ? TypedResults.Ok(ScoreDto.From(task)) : Missing("No such scoring job of yours.");

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> FileAsync(
        Guid id, Guid scoreId, ClaimsPrincipal user, ScoringService scoring, CancellationToken cancellationToken)
    {
        if (await scoring.OutputAsync(user.CallerId(), scoreId, cancellationToken) is { } output && output.Task.RunId == id)
        {
            return TypedResults.PhysicalFile(
                output.Path, "text/csv; charset=utf-8", $"scored-{Path.GetFileNameWithoutExtension(output.Task.FileName)}.csv");
        }

        return await scoring.FindAsync(user.CallerId(), id, scoreId, cancellationToken) is { } task
            ? TypedResults.Problem(statusCode: 409, title: task.Status == ScoringStatus.Failed
                ? $"The scoring job failed: {task.Error}" : $"The scoring job is {task.Status}; poll it until it has succeeded.")
            : Missing("No such scoring job of yours.");
    }
}
