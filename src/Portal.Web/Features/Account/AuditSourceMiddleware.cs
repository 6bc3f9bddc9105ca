using Portal.Core.Features.Audit;

namespace Portal.Web.Features.Account;

/// <summary>
/// Services write their own audit entries; for a request (API call, static page, share link) the caller's address
/// comes from here, as it does from <see cref="AuditSourceCircuitHandler"/> for an interactive page.
/// </summary>
public static class AuditSourceMiddleware
{
    public static IApplicationBuilder UseAuditSource(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.RequestServices.GetRequiredService<AuditSource>().Ip ??= context.Connection.RemoteIpAddress?.ToString();
        return next(context);
    });
}
