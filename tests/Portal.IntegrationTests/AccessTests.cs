using System.Net;
using System.Text.Json;
using Portal.Core.Features.Accounts;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

public sealed class AccessTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();

    public async Task InitializeAsync() => await factory.CreateUserAsync("analyst@test.local", "river stone lantern 2026", Roles.Analyst);

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/datasets")]
    [InlineData("/admin")]
    [InlineData("/admin/hangfire")]
    [InlineData("/Account/Manage")]
    public async Task Anonymous_users_are_sent_to_sign_in(string path)
    {
        var response = await factory.CreateBrowserLikeClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", PortalSession.Location(response));
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/assets/branding/concordia-logo.svg")]
    [InlineData("/app.css")]
    [InlineData("/health")]
    public async Task Anonymous_users_reach_sign_in_static_assets_and_health(string path)
    {
        var response = await factory.CreateBrowserLikeClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_reports_every_part_as_json_without_secrets()
    {
        var response = await factory.CreateMonitoringClient().GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);

        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        foreach (var name in new[] { "database", "artefact-store", "job-engine", "training-device" })
        {
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
        }

        Assert.Equal("cpu", checks.GetProperty("training-device").GetProperty("data").GetProperty("kind").GetString());
        var queues = checks.GetProperty("job-engine").GetProperty("data").GetProperty("servers")[0].GetProperty("queues");
        Assert.Contains("gpu", queues.EnumerateArray().Select(q => q.GetString()));
        Assert.DoesNotContain("Data Source", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(factory.DataDirectory, body);
        Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Analyst_cannot_open_admin_pages_or_the_job_dashboard()
    {
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        var signIn = await session.SignInAsync("analyst@test.local", "river stone lantern 2026");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var home = await session.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var homeHtml = await home.Content.ReadAsStringAsync();
        Assert.DoesNotContain("href=\"admin\"", homeHtml);

        foreach (var path in new[] { "/admin", "/admin/audit", "/admin/hangfire", "/admin/hangfire/jobs/enqueued" })
        {
            var response = await session.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", PortalSession.Location(response));
        }
    }

    [Fact]
    public async Task Administrator_opens_admin_pages_and_the_job_dashboard()
    {
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        var admin = await session.Client.GetAsync("/admin");
        var dashboard = await session.Client.GetAsync("/admin/hangfire");

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("Administration", await admin.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Concordia jobs", await dashboard.Content.ReadAsStringAsync());
        var home = await (await session.Client.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.Contains("href=\"admin\"", home);
        var audit = await session.Client.GetAsync("/admin/audit");
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        Assert.Contains("account.sign-in", await audit.Content.ReadAsStringAsync()); // this very sign-in is listed
    }
}

public sealed class SecurityHeaderTests
{
    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/health")]
    [InlineData("/")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        await using var factory = new PortalFactory();

        var response = await factory.CreateBrowserLikeClient().GetAsync(path);

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
