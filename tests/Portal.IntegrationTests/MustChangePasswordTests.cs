using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Accounts;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>An administrator who has not yet replaced a generated password reaches no route but the change itself.</summary>
public sealed class MustChangePasswordTests
{
    private const string Password = "temporary granite window 7";

    [Fact]
    public async Task Every_route_that_is_not_open_to_anonymous_visitors_sends_a_must_change_account_to_change_its_password()
    {
        await using var factory = new PortalFactory();
        await factory.CreateUserAsync("first-admin@test.local", Password, Roles.Administrator, mustChangePassword: true);
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("first-admin@test.local", Password);

        var routes = Routes(factory.Services);
        Assert.Contains("/admin/export/audit.csv", routes); // the exports that leaked before: their paths end in ".csv"
        Assert.Contains("/admin/export/usage.csv", routes);
        var leaks = new List<string>();
        foreach (var route in routes)
        {
            var response = await session.Client.GetAsync(route);
            if (response.StatusCode != HttpStatusCode.Redirect
                || PortalSession.Location(response)?.StartsWith("/Account/Manage/ChangePassword", StringComparison.Ordinal) != true)
            {
                leaks.Add($"{route} → {(int)response.StatusCode} {PortalSession.Location(response)}");
            }
        }

        var link = await session.Client.GetAsync($"/s/{new string('x', 22)}"); // a share link shows results to signed-in readers
        if (PortalSession.Location(link)?.StartsWith("/Account/Manage/ChangePassword", StringComparison.Ordinal) != true)
        {
            leaks.Add($"/s/<token> → {(int)link.StatusCode} {PortalSession.Location(link)}");
        }

        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/Account/Manage/ChangePassword")).StatusCode);
    }

    [Fact]
    public async Task After_the_forced_change_the_user_goes_on_to_the_page_they_were_opening_and_never_off_the_site()
    {
        await using var factory = new PortalFactory();
        await factory.CreateUserAsync("new-analyst@test.local", Password, Roles.Analyst, mustChangePassword: true);
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("new-analyst@test.local", Password);

        var sent = await session.Client.GetAsync("/runs?status=Succeeded");
        var changePage = PortalSession.Location(sent)!;
        Assert.Equal("/Account/Manage/ChangePassword?returnUrl=%2Fruns%3Fstatus%3DSucceeded", changePage);

        var changed = await session.ChangePasswordAsync(Password, "a much longer river of words 2027", path: changePage);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/runs?status=Succeeded", PortalSession.Location(changed));
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/runs?status=Succeeded")).StatusCode);

        // A crafted return address leads home, not to another site.
        await factory.CreateUserAsync("second@test.local", Password, Roles.Analyst, mustChangePassword: true);
        var other = new PortalSession(factory.CreateBrowserLikeClient());
        await other.SignInAsync("second@test.local", Password);
        var crafted = await other.ChangePasswordAsync(
            Password, "a much longer river of words 2027", path: "/Account/Manage/ChangePassword?returnUrl=%2F%2Fevil.example%2Fphish");
        Assert.Equal("/", PortalSession.Location(crafted));
    }

    /// <summary>Every GET route of the portal that anonymous visitors may not open, with a fresh id in each parameter.</summary>
    private static List<string> Routes(IServiceProvider services)
    {
        var exempt = new[] { "/Account/Manage/ChangePassword", "/Account/Logout", "/_blazor", "/_framework", "/_content", "/culture", "/health" };
        return services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains("GET"))
            .Select(e => "/" + string.Join('/', e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(Part)))))
            .Where(path => !exempt.Any(x => path.StartsWith(x, StringComparison.OrdinalIgnoreCase)) && !path.Contains("{"))
            .Distinct()
            .ToList();

        static string Part(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPart part) => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p when p.IsCatchAll => "anything",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p when p.ParameterPolicies.Any(x => x.Content == "int") => "1",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => Guid.NewGuid().ToString(),
            _ => "x",
        };
    }
}
