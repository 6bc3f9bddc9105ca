using Hangfire;
using Hangfire.Dashboard;
using Portal.Core.Features.Accounts;
using Portal.Web.Features.Account;

namespace Portal.Web.Features.Jobs;

public static class HangfireDashboardExtensions
{
    public const string Path = "/admin/hangfire";

    /// <summary>The Hangfire dashboard, for administrators only: the endpoint policy challenges or forbids, the filter
    /// double-checks.</summary>
    public static IEndpointRouteBuilder MapPortalJobDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new AdministratorDashboardFilter()],
            AsyncAuthorization = [],
            DashboardTitle = "Concordia jobs",
            AppPath = "/admin",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(IdentityExtensions.AdministratorPolicy);
        return endpoints;
    }
}

public sealed class AdministratorDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Administrator);
    }
}
