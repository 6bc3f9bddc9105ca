using System.Security.Claims;
using Portal.Core.Features.Accounts;
using Portal.Web.Features.Shell;

namespace Portal.Web.Tests;

public class HomeStepsTests
{
    private static ClaimsPrincipal UserIn(params string[] roles) =>
        new(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)), "test"));

    [Fact]
    public void Analysts_are_pointed_at_uploading_training_and_shared_results() =>
        Assert.Equal(["datasets", "runs", "shared"], HomeSteps.For(UserIn(Roles.Analyst)).Select(s => s.Href));

    [Fact]
    public void Viewers_are_pointed_only_at_what_was_shared_with_them() =>
        Assert.Equal(["shared"], HomeSteps.For(UserIn(Roles.Viewer)).Select(s => s.Href));

    [Fact]
    public void Administrators_also_get_administration() =>
        Assert.Equal(["datasets", "runs", "shared", "admin"], HomeSteps.For(UserIn(Roles.Administrator)).Select(s => s.Href));
}
