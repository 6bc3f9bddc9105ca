using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Features.Datasets;
using Portal.Web.Features.Api;

namespace Portal.Web.Features.Datasets;

/// <summary>What <c>PATCH /api/datasets/{id}</c> reads: a field left out (null) keeps its value; an empty description or tags
/// clears them.</summary>
public sealed record DatasetChangeBody(string? Name, string? Description, string? Tags);

/// <summary>What <c>POST /api/datasets/{id}/move</c> reads: the project to move to, or null for your personal space.</summary>
public sealed record DatasetMoveBody(Guid? ProjectId);

/// <summary>
/// The dataset page's changes as REST calls, through the same service (which checks the right and audits each change):
/// rename/describe/tag (Edit), archive/restore, delete and move (Delete, which only owners and project Owners hold).
/// </summary>
internal static class DatasetChangeEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPatch("/{id:guid}", UpdateAsync).WithSummary("Rename, describe or tag a dataset (fields left out keep their value).");
        api.MapPost("/{id:guid}/archive", (Guid id, ClaimsPrincipal user, DatasetEditService edits, DatasetQueryService datasets,
                TimeProvider clock, CancellationToken cancellationToken) =>
                ArchiveAsync(id, true, user, edits, datasets, clock, cancellationToken))
            .WithSummary("Archive: hidden from lists and new runs; bytes and the runs that used it are kept.");
        api.MapPost("/{id:guid}/restore", (Guid id, ClaimsPrincipal user, DatasetEditService edits, DatasetQueryService datasets,
                TimeProvider clock, CancellationToken cancellationToken) =>
                ArchiveAsync(id, false, user, edits, datasets, clock, cancellationToken))
            .WithSummary("Bring an archived dataset back.");
        api.MapPost("/{id:guid}/move", MoveAsync).WithSummary(
            "Move a dataset to a project where you are Editor or Owner (projectId), or back to your personal space (projectId null).");
        api.MapDelete("/{id:guid}", DeleteAsync).WithSummary(
            "Delete a dataset no run uses (409 with the runs' names otherwise: archive it instead).");
    }

    private static async Task<Results<Ok<DatasetDto>, ProblemHttpResult>> UpdateAsync(
        Guid id, DatasetChangeBody body, ClaimsPrincipal user, DatasetEditService edits, DatasetQueryService datasets,
        CancellationToken cancellationToken)
    {
        var caller = user.CallerId();
        if (await datasets.FindAsync(caller, id, cancellationToken) is not { } current)
        {
            return DatasetApi.Missing();
        }

        var problem = await edits.UpdateAsync(
            caller, id, body.Name ?? current.Name, body.Description ?? current.Description, body.Tags ?? current.Tags, cancellationToken);
        return await AnswerAsync(problem, id, caller, datasets, cancellationToken);
    }

    private static async Task<Results<Ok<DatasetDto>, ProblemHttpResult>> ArchiveAsync(
        Guid id, bool archived, ClaimsPrincipal user, DatasetEditService edits, DatasetQueryService datasets, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var caller = user.CallerId();
        var problem = await edits.SetArchivedAsync(caller, id, archived, clock.GetUtcNow(), cancellationToken);
        return await AnswerAsync(problem, id, caller, datasets, cancellationToken);
    }

    private static async Task<Results<Ok<DatasetDto>, ProblemHttpResult>> MoveAsync(
        Guid id, DatasetMoveBody body, ClaimsPrincipal user, DatasetEditService edits, DatasetQueryService datasets,
        CancellationToken cancellationToken)
    {
        var caller = user.CallerId();
        var problem = await edits.MoveToProjectAsync(caller, id, body.ProjectId, cancellationToken);
        return await AnswerAsync(problem, id, caller, datasets, cancellationToken);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal user, DatasetEditService edits, DatasetQueryService datasets, CancellationToken cancellationToken)
    {
        var caller = user.CallerId();
        var problem = await edits.DeleteAsync(caller, id, cancellationToken);
        return problem is null ? TypedResults.NoContent() : await ProblemAsync(problem, id, caller, datasets, cancellationToken);
    }

    private static async Task<Results<Ok<DatasetDto>, ProblemHttpResult>> AnswerAsync(
        UploadProblem? problem, Guid id, string caller, DatasetQueryService datasets, CancellationToken cancellationToken)
    {
        if (problem is not null)
        {
            return await ProblemAsync(problem, id, caller, datasets, cancellationToken);
        }

        return await datasets.FindAsync(caller, id, cancellationToken) is { } dataset
            ? TypedResults.Ok(DatasetDto.From(dataset))
            : DatasetApi.Missing(); // moved out of the caller's sight (e.g. into a project they are not a member of)
    }

    /// <summary>Not found for a dataset the caller cannot read; 403 for one they can read but not change; 409 when runs use it;
    /// 400 for names and lengths.</summary>
    private static async Task<ProblemHttpResult> ProblemAsync(
        UploadProblem problem, Guid id, string caller, DatasetQueryService datasets, CancellationToken cancellationToken)
    {
        var status = problem.Code switch
        {
            "Dataset.NotFound" => await datasets.FindAsync(caller, id, cancellationToken) is null ? 404 : 403,
            "Project.NotFound" => 404,
            "Dataset.InUse" => 409,
            _ => 400,
        };
        var title = status == 403 ? "You may read this dataset but not make this change to it." : problem.Message;
        return TypedResults.Problem(statusCode: status, title: title, extensions: new Dictionary<string, object?>
        {
            ["code"] = status == 403 ? "Dataset.Forbidden" : problem.Code,
            ["arguments"] = problem.Arguments,
        });
    }
}
