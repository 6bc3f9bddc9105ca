using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Portal.Core.Features.Access;

namespace Portal.Web.Features.Access;

/// <summary>A run or dataset named by its id, as the resource of an authorization check.</summary>
public sealed record RunResource(Guid Id);

public sealed record DatasetResource(Guid Id);

/// <summary>
/// ASP.NET Core's resource-based authorization over <see cref="AccessPolicy"/>: one requirement per operation (read,
/// edit, delete, share, download), one handler per resource kind. Endpoints and pages ask
/// <c>IAuthorizationService.AllowsAsync(User, new RunResource(id), Operation.Download)</c>; services below the web
/// layer ask the same policy with the user's id.
/// </summary>
public static class ResourceOperations
{
    private static readonly Dictionary<Operation, OperationAuthorizationRequirement> Requirements =
        Enum.GetValues<Operation>().ToDictionary(o => o, o => new OperationAuthorizationRequirement { Name = o.ToString() });

    public static OperationAuthorizationRequirement For(Operation operation) => Requirements[operation];

    public static async Task<bool> AllowsAsync(
        this IAuthorizationService authorization, ClaimsPrincipal user, object resource, Operation operation) =>
        (await authorization.AuthorizeAsync(user, resource, For(operation))).Succeeded;

    public static IHostApplicationBuilder AddPortalAccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IAuthorizationHandler, RunAuthorizationHandler>();
        builder.Services.AddScoped<IAuthorizationHandler, DatasetAuthorizationHandler>();
        return builder;
    }

    internal static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    internal static Operation Parse(OperationAuthorizationRequirement requirement) => Enum.Parse<Operation>(requirement.Name);
}

public sealed class RunAuthorizationHandler(AccessPolicy policy) : AuthorizationHandler<OperationAuthorizationRequirement, RunResource>
{
    protected override async Task HandleRequirementAsync(
        AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, RunResource resource)
    {
        if (await policy.AllowsRunAsync(ResourceOperations.UserId(context.User), resource.Id, ResourceOperations.Parse(requirement)))
        {
            context.Succeed(requirement);
        }
    }
}

public sealed class DatasetAuthorizationHandler(
    AccessPolicy policy) : AuthorizationHandler<OperationAuthorizationRequirement, DatasetResource>
{
    protected override async Task HandleRequirementAsync(
        AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, DatasetResource resource)
    {
        if (await policy.AllowsDatasetAsync(ResourceOperations.UserId(context.User), resource.Id, ResourceOperations.Parse(requirement)))
        {
            context.Succeed(requirement);
        }
    }
}
