using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Features.Accounts;
using Portal.Web.Features.Shell;

namespace Portal.Web.Features.Account;

internal static class AccountEndpoints
{
    /// <summary>Endpoints the static account pages post to (everything else in /Account is a Razor component).</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account").ExcludeFromDescription(); // the pages' own, not the API
        account.MapPost("/Logout", async ([FromServices] SignInManager<PortalUser> signInManager, [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~" + LocalUrl.OrRoot(returnUrl));
        }).AllowAnonymous();
        return endpoints;
    }
}
