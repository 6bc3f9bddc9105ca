using System.Security.Claims;

namespace Portal.Web.Features.Api;

public static class ApiCaller
{
    /// <summary>The caller's user id, whether signed in by access token or cookie (every /api group requires a signed-in user).</summary>
    public static string CallerId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
