using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Features.Accounts;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>The real portal on a real SQLite file in a fresh folder, with the real in-process Hangfire server.</summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "correct horse battery staple";
    public const string MonitoringToken = "test-monitoring-token";

    private readonly Dictionary<string, string?> settings;

    public PortalFactory(Dictionary<string, string?>? overrides = null, string? dataDirectory = null)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "concordia-tests", Guid.NewGuid().ToString("N"));
        settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = DataDirectory,
            ["Accounts:AdminEmail"] = AdminEmail,
            ["Accounts:AdminPassword"] = AdminPassword,
            ["Worker:Name"] = "test-portal",
            ["Health:MonitoringToken"] = MonitoringToken,
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    /// <summary>Off to simulate a restart: a second factory then opens the same data folder.</summary>
    public bool DeleteDataOnDispose { get; set; } = true;

    public CapturingLoggerProvider Logs { get; } = new();

    public string EnvironmentName { get; init; } = "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    /// <summary>A client that reads the health report's details, as a monitoring system with the configured token does.</summary>
    public HttpClient CreateMonitoringClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Monitoring-Token", MonitoringToken);
        return client;
    }

    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<PortalUser> CreateUserAsync(string email, string password, string role, bool mustChangePassword = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], MustChangePassword = mustChangePassword };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!DeleteDataOnDispose)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a closing connection; the OS temp cleaner will take it
        }
    }
}
