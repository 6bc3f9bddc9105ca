using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Core.Features.Projects;
using Portal.Web.Features.Api;
using Portal.Web.Features.Localization;

namespace Portal.Web.Features.Projects;

/// <summary>A project the caller works in: one they created (role Owner) or joined (their role), with its creator.</summary>
public sealed record ProjectDto(
    Guid Id, string Name, string? Description, bool Personal, string Role, string? CreatedBy, DateTimeOffset CreatedAt);

public sealed record CreateProjectBody(string? Name, string? Description);

/// <summary>What <c>PUT /api/projects/{id}/members</c> reads: a colleague's e-mail and their role (Viewer, Editor, Owner).</summary>
public sealed record MemberBody(string? Email, string? Role);

public sealed record MemberDto(string UserId, string Email, string Role);

/// <summary>
/// REST for projects, through the project service (which checks who manages members and audits): the caller's projects,
/// creating one, and its members — listed, added or given another role, removed — by its creator and Owner members.
/// </summary>
public static class ProjectApi
{
    public static IEndpointRouteBuilder MapProjectApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup("/api/projects").WithTags("Projects");
        api.MapGet("", ListAsync).WithSummary(
            "The projects you created (first your personal one) and those you are a member of, with your role.");
        api.MapPost("", CreateAsync).WithSummary("Create a project; you are its Owner.");
        api.MapGet("/{id:guid}/members", MembersAsync).WithSummary("The project's members (for its Owners).");
        api.MapPut("/{id:guid}/members", AddMemberAsync).WithSummary("Add a colleague by e-mail with a role, or change their role.");
        api.MapDelete("/{id:guid}/members/{userId}", RemoveMemberAsync).WithSummary(
            "Remove a member; they lose the project's datasets and runs at once.");
        return endpoints;
    }


    private static async Task<Ok<IReadOnlyList<ProjectDto>>> ListAsync(
        ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken)
    {
        var caller = user.CallerId();
        var own = (await projects.ListAsync(caller, cancellationToken)).Select(s => Dto(s.Project, nameof(ProjectRole.Owner), null));
        var joined = (await projects.MembershipsAsync(caller, cancellationToken)).Select(
            m => Dto(m.Project, m.Role.ToString(), m.OwnerEmail));
        return TypedResults.Ok<IReadOnlyList<ProjectDto>>([.. own, .. joined]);
    }

    private static ProjectDto Dto(Project p, string role, string? createdBy) =>
        new(p.Id, p.Name, p.Description, p.IsPersonal, role, createdBy, p.CreatedAt);

    private static async Task<Results<Created<ProjectDto>, ProblemHttpResult>> CreateAsync(
        CreateProjectBody body, ClaimsPrincipal user, ProjectService projects, IStringLocalizer<SharedResource> text,
        CancellationToken cancellationToken)
    {
        var (project, problem) = await projects.CreateAsync(
            user.CallerId(), body.Name ?? string.Empty, body.Description, cancellationToken);
        return project is null ? Problem(problem!, text)
            : TypedResults.Created($"/api/projects/{project.Id}", Dto(project, nameof(ProjectRole.Owner), null));
    }

    private static async Task<Results<Ok<IReadOnlyList<MemberDto>>, ProblemHttpResult>> MembersAsync(
        Guid id, ClaimsPrincipal user, ProjectService projects, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var caller = user.CallerId();
        if (!await projects.ManagesAsync(caller, id, cancellationToken))
        {
            return Problem("Project.NotFound", text);
        }

        var members = await projects.MembersAsync(caller, id, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<MemberDto>>(members.Select(m => new MemberDto(m.UserId, m.Email, m.Role.ToString())).ToList());
    }

    private static async Task<Results<Ok<IReadOnlyList<MemberDto>>, ProblemHttpResult>> AddMemberAsync(
        Guid id, MemberBody body, ClaimsPrincipal user, ProjectService projects, IStringLocalizer<SharedResource> text,
        CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ProjectRole>(body.Role, true, out var role) || !Enum.IsDefined(role))
        {
            return TypedResults.Problem(statusCode: 400, title: $"role must be one of {string.Join(", ", Enum.GetNames<ProjectRole>())}.",
                extensions: new Dictionary<string, object?>
                {
                    ["errors"] = new Dictionary<string, string[]> { ["role"] = ["Unknown role."] },
                });
        }

        var problem = await projects.AddMemberAsync(user.CallerId(), id, body.Email ?? string.Empty, role, cancellationToken);
        return problem is null ? await MembersAsync(id, user, projects, text, cancellationToken) : Problem(problem, text);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(
        Guid id, string userId, ClaimsPrincipal user, ProjectService projects, CancellationToken cancellationToken) =>
        await projects.RemoveMemberAsync(user.CallerId(), id, userId, cancellationToken) ? TypedResults.NoContent()
            : ApiRefusals.NotFound("No such member of a project you manage.");

    private static ProblemHttpResult Problem(string code, IStringLocalizer<SharedResource> text) => TypedResults.Problem(
        statusCode: code switch
        {
            "Project.NotFound" => 404,
            "Project.NameTaken" => 409,
            _ => 400,
        },
        title: text[$"ProjectProblem.{code}"], extensions: new Dictionary<string, object?> { ["code"] = code });
}
