using System.Security.Claims;
using Portal.Core.Features.Accounts;

namespace Portal.Web.Features.Shell;

/// <summary>What the home page suggests next, by role (resource keys, not text).</summary>
public static class HomeSteps
{
    public sealed record Step(string Title, string Text, string Action, string Href);

    public static IReadOnlyList<Step> For(ClaimsPrincipal user)
    {
        var steps = new List<Step>();
        if (user.IsInRole(Roles.Analyst) || user.IsInRole(Roles.Administrator))
        {
            steps.Add(new("Home.Upload.Title", "Home.Upload.Text", "Home.Upload.Action", "datasets"));
            steps.Add(new("Home.Train.Title", "Home.Train.Text", "Home.Train.Action", "runs"));
        }

        steps.Add(new("Home.Shared.Title", "Home.Shared.Text", "Home.Shared.Action", "shared"));
        if (user.IsInRole(Roles.Administrator))
        {
            steps.Add(new("Home.Admin.Title", "Home.Admin.Text", "Home.Admin.Action", "admin"));
        }

        return steps;
    }
}
