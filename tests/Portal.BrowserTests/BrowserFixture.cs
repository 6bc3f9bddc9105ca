using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>The real portal on Kestrel (loopback, free port, fresh SQLite file) and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@browser.local";
    public const string AdminPassword = "quiet meadow under snow";

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "concordia-browser", Guid.NewGuid().ToString("N"));
    private PortalOnKestrel? portal;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Screenshots kept as test artefacts, under artifacts/screenshots at the repository root.</summary>
    public static string ArtefactFolder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
            {
                dir = dir.Parent;
            }

            var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        portal = new PortalOnKestrel(dataDirectory);
        portal.UseKestrel(0);
        portal.StartServer();
        BaseUrl = portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        var chromium = Environment.GetEnvironmentVariable("CONCORDIA_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium was not found at {chromium}. Install it with 'apt-get install -y chromium' (bash .ci/run does), or set CONCORDIA_CHROMIUM.");
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
        });
    }

    /// <summary>Signs in through the page as a person would (fields found by their labels) and waits for the home page.</summary>
    public async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync(BaseUrl + "/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welcome");
    }

    /// <summary>The portal's services, for journeys that need data prepared behind the scenes.</summary>
    public IServiceProvider Services => portal!.Services;

    /// <summary>A fresh account, so each journey starts from its own profile (language, theme).</summary>
    public async Task CreateUserAsync(string email, string password, string role)
    {
        await using var scope = portal!.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Core.Features.Accounts.PortalUser>>();
        var user = new Portal.Core.Features.Accounts.PortalUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (portal is not null)
        {
            await portal.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // left for the temp cleaner
        }
    }

    private sealed class PortalOnKestrel(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Accounts:AdminEmail", AdminEmail);
            builder.UseSetting("Accounts:AdminPassword", AdminPassword);
            builder.UseSetting("Accounts:RevalidationSeconds", "3"); // so the disabled-user journey need not wait a minute
            builder.UseSetting("RateLimits:SignInAttemptsPerMinute", "1000"); // every journey signs in from this one address
            builder.ConfigureLogging(logging => logging.AddProvider(new FileLoggerProvider(Path.Combine(ArtefactFolder, "..", "browser-portal.log"))));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
