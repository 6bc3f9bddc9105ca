using Portal.Core.Features.Accounts;

namespace Portal.Web.Features.Account;

/// <summary>A user with a generated or temporary password reaches nothing but the change-password page (and sign-out).</summary>
public sealed class MustChangePasswordMiddleware(RequestDelegate next)
{
    public const string ChangePasswordPath = "/Account/Manage/ChangePassword";

    private static readonly string[] AllowedPrefixes =
        [ChangePasswordPath, "/Account/Logout", "/_framework", "/_content", "/_blazor", "/culture", "/health", "/assets", "/favicon"];

    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.HasClaim(PortalClaims.MustChangePassword, "true")
            && !AllowedPrefixes.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            && !Path.HasExtension(context.Request.Path.Value))
        {
            context.Response.Redirect(ChangePasswordPath);
            return Task.CompletedTask;
        }

        return next(context);
    }
}
