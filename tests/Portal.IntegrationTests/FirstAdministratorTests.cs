using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

public sealed partial class FirstAdministratorTests
{
    [Fact]
    public async Task Without_a_configured_password_one_is_generated_printed_once_and_must_be_changed()
    {
        var overrides = new Dictionary<string, string?> { ["Accounts:AdminPassword"] = "" };
        string generated;
        string dataDirectory;
        await using (var factory = new PortalFactory(overrides) { DeleteDataOnDispose = false })
        {
            dataDirectory = factory.DataDirectory;
            var session = new PortalSession(factory.CreateBrowserLikeClient());
            var line = Assert.Single(factory.Logs.Entries, e => e.Message.Contains("one-time password", StringComparison.Ordinal));
            Assert.Equal(LogLevel.Warning, line.Level);
            generated = GeneratedPassword().Match(line.Message).Groups[1].Value;
            Assert.Equal(23, generated.Length);

            var signIn = await session.SignInAsync(PortalFactory.AdminEmail, generated);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

            // Every page leads to the change-password page until the password is changed.
            var home = await session.Client.GetAsync("/");
            Assert.Equal("/Account/Manage/ChangePassword", PortalSession.Location(home));
            var page = await (await session.Client.GetAsync("/Account/Manage/ChangePassword")).Content.ReadAsStringAsync();
            Assert.Contains("Choose your own password before you continue.", page);

            var changed = await session.ChangePasswordAsync(generated, "a fresh river passphrase 2026");
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/")).StatusCode);
        }

        // A restart on the same data prints no password again: the administrator already exists.
        await using var restarted = new PortalFactory(overrides, dataDirectory);
        _ = restarted.Services;
        Assert.DoesNotContain(restarted.Logs.Entries, e => e.Message.Contains("one-time password", StringComparison.Ordinal));
        var again = new PortalSession(restarted.CreateBrowserLikeClient());
        Assert.Equal("/", PortalSession.Location(await again.SignInAsync(PortalFactory.AdminEmail, "a fresh river passphrase 2026")));
    }

    [GeneratedRegex("one-time password ([A-Za-z0-9-]+)")]
    private static partial Regex GeneratedPassword();
}
