using Microsoft.AspNetCore.Authorization;
using Portal.Core.Features.Accounts;

namespace Portal.Web.Features.Account;

/// <summary>
/// A user with a generated or temporary password reaches nothing but the change-password page, sign-out and what an
/// anonymous visitor may open anyway (static assets, sign-in pages): every other route, whatever its file extension
/// (the CSV exports end in ".csv"), sends them to change the password first.
/// </summary>
public sealed class MustChangePasswordMiddleware(RequestDelegate next)
{
    public const string ChangePasswordPath = "/Account/Manage/ChangePassword";

    private static readonly string[] AllowedPrefixes =
        [ChangePasswordPath, "/Account/Logout", "/_framework", "/_content", "/_blazor", "/culture", "/health"];

    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.HasClaim(PortalClaims.MustChangePassword, "true")
            && !AllowedPrefixes.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            && (context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null || IsShareLink(context)))
        {
            context.Response.Redirect(RedirectFor(context.Request));
            return Task.CompletedTask;
        }

        return next(context);
    }

    /// <summary>The change-password page, with where the user was heading (a page they opened) to go on there afterwards.</summary>
    public static string RedirectFor(HttpRequest request)
    {
        var heading = request.Path + request.QueryString;
        return HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments("/api") && heading is not "/" and not ""
            ? $"{ChangePasswordPath}?returnUrl={Uri.EscapeDataString(heading)}"
            : ChangePasswordPath;
    }

    // Share links are open to anonymous visitors only when the portal allows it; a signed-in reader sees the shared
    // result, so an account that must first change its password is sent there first.
    private static bool IsShareLink(HttpContext context) => context.Request.Path.StartsWithSegments("/s");
}
