using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Features.Accounts;

namespace Portal.Web.Features.Account;

internal static class AccountEndpoints
{
    /// <summary>Endpoints the static account pages post to (everything else in /Account is a Razor component).</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account");
        account.MapPost("/Logout", async ([FromServices] SignInManager<PortalUser> signInManager, [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            var target = returnUrl is { Length: > 0 } && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.Contains(':', StringComparison.Ordinal)
                ? "~/" + returnUrl.TrimStart('/')
                : "~/";
            return TypedResults.LocalRedirect(target);
        }).AllowAnonymous();
        return endpoints;
    }
}
