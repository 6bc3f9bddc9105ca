using System.Text.Json;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>/health tells anyone whether the portal is up, and only administrators and monitoring systems how it is built.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Anonymous_callers_and_wrong_tokens_get_the_status_only_administrators_and_the_monitoring_token_the_details()
    {
        await using var factory = new PortalFactory();
        var anonymous = await Body(factory.CreateClient());
        var wrong = factory.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Monitoring-Token", "guess");
        var admin = new PortalSession(factory.CreateBrowserLikeClient());
        await admin.SignInAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        Assert.Equal(["status"], anonymous.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Healthy", anonymous.RootElement.GetProperty("status").GetString());
        Assert.Equal(["status"], (await Body(wrong)).RootElement.EnumerateObject().Select(p => p.Name));
        Assert.True((await Body(factory.CreateMonitoringClient())).RootElement.TryGetProperty("checks", out _));
        Assert.True((await Body(admin.Client)).RootElement.TryGetProperty("checks", out var checks));
        Assert.True(checks.GetProperty("job-engine").GetProperty("data").TryGetProperty("queues", out _));
    }

    [Fact]
    public async Task Calls_in_quick_succession_reuse_the_last_probe_of_the_artefact_store()
    {
        await using var factory = new PortalFactory();
        var client = factory.CreateMonitoringClient();

        var times = new List<string?>();
        for (var i = 0; i < 20; i++)
        {
            var body = await Body(client);
            times.Add(body.RootElement.GetProperty("checks").GetProperty("artefact-store").GetProperty("data").GetProperty("checkedAt").GetString());
        }

        Assert.Single(times.Distinct()); // one write-read-delete for twenty calls
    }

    private static async Task<JsonDocument> Body(HttpClient client) => JsonDocument.Parse(await client.GetStringAsync("/health"));
}
