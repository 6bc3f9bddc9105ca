using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Features.Access;
using Portal.Web.Features.Access;

namespace Portal.Web.Features.Api;

/// <summary>
/// The API's one refusal rule (ADR 0016): a caller who may not read a resource gets 404, as for one that does not exist, so
/// ids reveal nothing; a caller who reads it but lacks the right the request needs gets 403 saying whom to ask.
/// </summary>
public static class ApiRefusals
{
    public static ProblemHttpResult NotFound(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title);

    public static ProblemHttpResult Forbidden(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: title);

    /// <returns>null when the caller holds <paramref name="needed"/> on the resource; otherwise the 404 or 403 to answer.</returns>
    public static async Task<ProblemHttpResult?> RefusalAsync(
        this IAuthorizationService authorization, ClaimsPrincipal user, object resource, Operation needed, string notFound,
        string forbidden)
    {
        if (!await authorization.AllowsAsync(user, resource, Operation.Read))
        {
            return NotFound(notFound);
        }

        return needed == Operation.Read || await authorization.AllowsAsync(user, resource, needed) ? null : Forbidden(forbidden);
    }
}
