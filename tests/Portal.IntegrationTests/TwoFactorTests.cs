using System.Net;
using System.Text.RegularExpressions;
using Portal.Core.Features.Accounts;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

public sealed partial class TwoFactorTests : IAsyncLifetime
{
    private const string Email = "analyst@test.local";
    private const string Password = "river stone lantern 2026";
    private readonly PortalFactory factory = new();

    public async Task InitializeAsync() => await factory.CreateUserAsync(Email, Password, Roles.Analyst);

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Authenticator_app_is_set_up_then_required_at_sign_in_and_recovery_codes_work_once()
    {
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync(Email, Password);

        // Set up: the page shows a QR code and the key; a wrong code is refused, the right one turns 2FA on.
        var setup = await (await session.Client.GetAsync("/Account/Manage/EnableAuthenticator")).Content.ReadAsStringAsync();
        Assert.Contains("<svg", setup);
        var key = SharedKey().Match(setup).Groups[1].Value;
        Assert.NotEmpty(key);

        var wrong = await PostAsync(session, "/Account/Manage/EnableAuthenticator", "send-code", ("Input.Code", "000000"));
        Assert.Contains("The verification code is not correct.", await wrong.Content.ReadAsStringAsync());

        var right = await PostAsync(session, "/Account/Manage/EnableAuthenticator", "send-code", ("Input.Code", Totp.Code(key)));
        var codesPage = await right.Content.ReadAsStringAsync();
        Assert.Contains("Your authenticator app has been verified.", codesPage);
        var recoveryCodes = RecoveryCode().Matches(codesPage).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recoveryCodes.Count);

        // A new sign-in now stops at the second step.
        var second = new PortalSession(factory.CreateBrowserLikeClient());
        var passwordStep = await second.SignInAsync(Email, Password);
        Assert.StartsWith("/Account/LoginWith2fa", PortalSession.Location(passwordStep));
        Assert.Equal(HttpStatusCode.Redirect, (await second.Client.GetAsync("/")).StatusCode);

        var badCode = await PostAsync(second, PortalSession.Location(passwordStep)!, "login-with-2fa", ("Input.TwoFactorCode", "123456"));
        Assert.Contains("The authenticator code is not correct.", await badCode.Content.ReadAsStringAsync());
        var goodCode = await PostAsync(second, PortalSession.Location(passwordStep)!, "login-with-2fa", ("Input.TwoFactorCode", Totp.Code(key)));
        Assert.Equal(HttpStatusCode.Redirect, goodCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync("/")).StatusCode);

        // A recovery code signs in once, and only once.
        var third = new PortalSession(factory.CreateBrowserLikeClient());
        await third.SignInAsync(Email, Password);
        var recovered = await PostAsync(third, "/Account/LoginWithRecoveryCode", "login-with-recovery-code", ("Input.RecoveryCode", recoveryCodes[0]));
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await third.Client.GetAsync("/")).StatusCode);

        var fourth = new PortalSession(factory.CreateBrowserLikeClient());
        await fourth.SignInAsync(Email, Password);
        var reused = await PostAsync(fourth, "/Account/LoginWithRecoveryCode", "login-with-recovery-code", ("Input.RecoveryCode", recoveryCodes[0]));
        Assert.Contains("The recovery code is not correct or has been used.", await reused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Setting_up_the_authenticator_slower_than_the_sign_in_revalidation_keeps_the_user_signed_in()
    {
        // Revalidation every second here (60 s by default): a user scanning the code and typing it takes longer than that.
        await using var quick = new PortalFactory(new() { ["Accounts:RevalidationSeconds"] = "1" });
        await quick.CreateUserAsync("slow@test.local", Password, Roles.Analyst);
        var session = new PortalSession(quick.CreateBrowserLikeClient());
        await session.SignInAsync("slow@test.local", Password);

        var setup = await (await session.Client.GetAsync("/Account/Manage/EnableAuthenticator")).Content.ReadAsStringAsync();
        var key = SharedKey().Match(setup).Groups[1].Value;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var right = await PostAsync(session, "/Account/Manage/EnableAuthenticator", "send-code", ("Input.Code", Totp.Code(key)));

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("Your authenticator app has been verified.", await right.Content.ReadAsStringAsync());
        await Task.Delay(TimeSpan.FromSeconds(3)); // turning 2FA on renews the stamp too: still signed in after it
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/Account/Manage/TwoFactorAuthentication")).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsync(PortalSession session, string path, string handler, params (string Name, string Value)[] fields)
    {
        var token = await session.GetAntiforgeryTokenAsync(path);
        var form = new Dictionary<string, string> { ["_handler"] = handler, ["__RequestVerificationToken"] = token };
        foreach (var (name, value) in fields)
        {
            form[name] = value;
        }

        return await session.Client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("<code class=\"key\">([a-z0-9 ]+)</code>")]
    private static partial Regex SharedKey();

    [GeneratedRegex("<li><code>([A-Za-z0-9-]+)</code></li>")]
    private static partial Regex RecoveryCode();
}
