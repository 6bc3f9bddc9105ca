using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Core.Features.Access;
using Portal.Core.Features.Sharing;
using Portal.Web.Features.Access;
using Portal.Web.Features.Api;
using Portal.Web.Features.Localization;

namespace Portal.Web.Features.Sharing;

/// <summary>What <c>POST /api/runs/{id}/shares</c> reads: <c>kind</c> User (with <c>email</c>), Project (with <c>projectId</c>)
/// or Link (with <c>days</c>, 1–90, and <c>requireSignIn</c>, true unless an administrator allows anonymous links).</summary>
public sealed record CreateShareBody(string? Kind, string? Email, Guid? ProjectId, int? Days, bool? RequireSignIn);

/// <summary>A share of a run's result page; <c>link</c> is given once, when a link is created (only its hash is kept).</summary>
public sealed record ShareDto(
    Guid Id, Guid RunId, string Kind, string? UserEmail, Guid? ProjectId, string? ProjectName, DateTimeOffset? ExpiresAt,
    bool RequireSignIn, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, int Opens, string? Link = null)
{
    public static ShareDto From(ShareView v) => new(
        v.Share.Id, v.Share.RunId, v.Share.Kind.ToString(), v.UserEmail, v.Share.ProjectId, v.ProjectName, v.Share.ExpiresAt,
        v.Share.RequireSignIn, v.Share.CreatedAt, v.Share.RevokedAt, v.Opens);
}

public sealed record SharedWithMeDto(Guid RunId, string RunName, string OwnerEmail, DateTimeOffset SharedAt, string Page);

/// <summary>
/// REST for sharing, through the one share service (which checks the Share right and audits): list a run's shares,
/// share with a colleague, a project or by link, revoke, and read what others shared with the caller.
/// </summary>
public static class ShareApi
{
    public static IEndpointRouteBuilder MapShareApi(this IEndpointRouteBuilder endpoints)
    {
        var runs = endpoints.MapApiGroup("/api/runs/{id:guid}/shares").WithTags("Sharing");
        runs.MapGet("", ListAsync).WithSummary("Every share of the run (for its owner or a project Owner), newest first.");
        runs.MapPost("", CreateAsync).WithSummary(
            "Share the run's result page read-only: {\"kind\":\"User\",\"email\":…} | {\"kind\":\"Project\",\"projectId\":…} | "
                + "{\"kind\":\"Link\",\"days\":1–90,\"requireSignIn\":true}. A link's address is in the answer once.");
        var shares = endpoints.MapApiGroup("/api/shares").WithTags("Sharing");
        shares.MapDelete("/{shareId:guid}", RevokeAsync).WithSummary(
            "Revoke a share at once (readers lose the page on their next request).");
        shares.MapGet("/with-me", SharedWithMeAsync).WithSummary("Runs that colleagues or your projects' members shared with you.");
        return endpoints;
    }


    private static async Task<Results<Ok<IReadOnlyList<ShareDto>>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal user, ShareService shares, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(id, user, authorization) is { } refusal)
        {
            return refusal;
        }

        var list = await shares.ListAsync(user.CallerId(), id, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ShareDto>>(list.Select(ShareDto.From).ToList());
    }

    private static async Task<Results<Created<ShareDto>, ProblemHttpResult>> CreateAsync(
        Guid id, CreateShareBody body, HttpContext context, ShareService shares, IAuthorizationService authorization,
        IStringLocalizer<SharedResource> text)
    {
        var user = context.User;
        if (await RefusalAsync(id, user, authorization) is { } refusal)
        {
            return refusal;
        }

        var caller = user.CallerId();
        var ct = context.RequestAborted;
        string? problem;
        string? link = null;
        switch (Enum.TryParse<ShareKind>(body.Kind, true, out var kind) && Enum.IsDefined(kind) ? kind : (ShareKind?)null)
        {
            case ShareKind.User when !string.IsNullOrWhiteSpace(body.Email):
                problem = await shares.ShareWithUserAsync(caller, id, body.Email, ct);
                break;
            case ShareKind.Project when body.ProjectId is { } projectId:
                problem = await shares.ShareWithProjectAsync(caller, id, projectId, ct);
                break;
            case ShareKind.Link:
                (var token, problem) = await shares.CreateLinkAsync(caller, id, body.Days ?? 7, body.RequireSignIn ?? true, ct);
                link = token is null ? null : $"{context.Request.Scheme}://{context.Request.Host}/s/{token}";
                break;
            case ShareKind.User:
                return Invalid("email", "A share with a user needs their e-mail address.");
            case ShareKind.Project:
                return Invalid("projectId", "A share with a project needs the project's id.");
            default:
                return Invalid("kind", $"kind must be one of {string.Join(", ", Enum.GetNames<ShareKind>())}.");
        }

        if (problem is not null)
        {
            return TypedResults.Problem(statusCode: problem switch
            {
                "Share.NotFound" or "Share.NoSuchProject" => 404,
                "Share.AlreadyShared" => 409,
                _ => 400,
            }, title: text[$"ShareProblem.{problem}"], extensions: new Dictionary<string, object?> { ["code"] = problem });
        }

        // The share just made: the one with that colleague or project (one active share each), or the newest link.
        var created = (await shares.ListAsync(caller, id, ct)).First(s => s.Share.RevokedAt is null && s.Share.Kind == kind && kind switch
        {
            ShareKind.User => string.Equals(s.UserEmail, body.Email!.Trim(), StringComparison.OrdinalIgnoreCase),
            ShareKind.Project => s.Share.ProjectId == body.ProjectId,
            _ => true,
        });
        return TypedResults.Created($"/api/runs/{id}/shares", ShareDto.From(created) with { Link = link });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid shareId, ClaimsPrincipal user, ShareService shares, CancellationToken cancellationToken) =>
        await shares.RevokeAsync(user.CallerId(), shareId, cancellationToken) ? TypedResults.NoContent()
            : ApiRefusals.NotFound("No such share you may revoke (or it is already revoked).");

    private static async Task<Ok<IReadOnlyList<SharedWithMeDto>>> SharedWithMeAsync(
        ClaimsPrincipal user, ShareService shares, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<SharedWithMeDto>>((await shares.SharedWithAsync(user.CallerId(), cancellationToken)).Select(
            s => new SharedWithMeDto(s.RunId, s.RunName, s.OwnerEmail, s.SharedAt, $"/shared/runs/{s.RunId}")).ToList());

    /// <summary>404 for a run the caller cannot read; 403 for one they read but may not share (not its owner or a project Owner).</summary>
    private static Task<ProblemHttpResult?> RefusalAsync(Guid id, ClaimsPrincipal user, IAuthorizationService authorization) =>
        authorization.RefusalAsync(user, new RunResource(id), Operation.Share, "No such run.",
            "Only the run's owner or an Owner of its project may share it.");

    private static ProblemHttpResult Invalid(string field, string message) => TypedResults.Problem(
        statusCode: 400, title: message, extensions: new Dictionary<string, object?>
        {
            ["errors"] = new Dictionary<string, string[]> { [field] = [message] },
        });
}
