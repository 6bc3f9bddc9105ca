using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Accounts;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

public sealed class SignInTests : IAsyncLifetime
{
    private const string AnalystPassword = "river stone lantern 2026";
    private readonly PortalFactory factory = new();

    public async Task InitializeAsync() => await factory.CreateUserAsync("analyst@test.local", AnalystPassword, Roles.Analyst);

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Seeded_administrator_signs_in_and_sees_the_home_page()
    {
        var session = new PortalSession(factory.CreateBrowserLikeClient());

        var response = await session.SignInAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var home = await session.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var html = await home.Content.ReadAsStringAsync();
        Assert.Contains("What you can do next", html);
        Assert.Contains("Upload a dataset", html);
    }

    [Fact]
    public async Task Wrong_password_says_so_and_stores_no_session()
    {
        var session = new PortalSession(factory.CreateBrowserLikeClient());

        var response = await session.SignInAsync("analyst@test.local", "not the password at all");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is not correct.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await session.Client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes_and_say_so()
    {
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        HttpResponseMessage last = null!;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            last = await session.SignInAsync("analyst@test.local", $"wrong password number {attempt}");
        }

        Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
        Assert.Equal("/Account/Lockout", PortalSession.Location(last));
        var lockoutPage = await (await session.Client.GetAsync("/Account/Lockout")).Content.ReadAsStringAsync();
        Assert.Contains("After 5 failed sign-in attempts this account is locked for 15 minutes.", lockoutPage);

        // Even the right password is refused while locked.
        var withRightPassword = await session.SignInAsync("analyst@test.local", AnalystPassword);
        Assert.Equal("/Account/Lockout", PortalSession.Location(withRightPassword));

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var lockoutEnd = (await users.FindByEmailAsync("analyst@test.local"))!.LockoutEnd!.Value;
        Assert.InRange(lockoutEnd - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.1));
    }

    [Theory]
    [InlineData("short pass", "The password must be at least 12 characters long.")]
    [InlineData("password1234", "This password is on a list of commonly used passwords.")]
    [InlineData("qwertyuiop!!2024", "This password is on a list of commonly used passwords.")]
    [InlineData("aaaaaaaaaaaaaaaa", "This password is a repeated or sequential pattern")]
    [InlineData("analyst-is-my-password", "The password must not contain your account name.")]
    public async Task Weak_new_password_is_refused_with_the_rule_it_broke_and_the_old_one_still_works(string weak, string message)
    {
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("analyst@test.local", AnalystPassword);

        var response = await session.ChangePasswordAsync(AnalystPassword, weak);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        var again = new PortalSession(factory.CreateBrowserLikeClient());
        Assert.Equal("/", PortalSession.Location(await again.SignInAsync("analyst@test.local", AnalystPassword)));
    }

    [Fact]
    public async Task Password_rules_are_explained_in_chinese_for_a_chinese_reader()
    {
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("analyst@test.local", AnalystPassword);
        await session.Client.GetAsync("/culture/set?culture=zh-CN&returnUrl=/");

        var response = await session.ChangePasswordAsync(AnalystPassword, "password1234");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("lang=\"zh-CN\"", html);
        Assert.Contains("此密码属于常用密码", html);
    }

    [Fact]
    public async Task Language_choice_persists_in_the_profile_and_returns_at_the_next_sign_in()
    {
        var first = new PortalSession(factory.CreateBrowserLikeClient());
        await first.SignInAsync("analyst@test.local", AnalystPassword);
        var switched = await first.Client.GetAsync("/culture/set?culture=zh-CN&returnUrl=/runs");
        Assert.Equal("/runs", PortalSession.Location(switched));

        // A new browser (no culture cookie) signs in: the profile brings Chinese back.
        var second = new PortalSession(factory.CreateBrowserLikeClient());
        await second.SignInAsync("analyst@test.local", AnalystPassword);
        var home = await (await second.Client.GetAsync("/")).Content.ReadAsStringAsync();

        Assert.Contains("lang=\"zh-CN\"", home);
        Assert.Contains("数据集", home);
    }

    [Fact]
    public async Task Culture_switch_refuses_unknown_languages_and_foreign_return_addresses()
    {
        var client = factory.CreateBrowserLikeClient();

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/culture/set?culture=xx-YY&returnUrl=/")).StatusCode);
        Assert.Equal("/", PortalSession.Location(await client.GetAsync("/culture/set?culture=en&returnUrl=//evil.example/")));
        Assert.Equal("/", PortalSession.Location(await client.GetAsync("/culture/set?culture=en&returnUrl=https://evil.example/")));
    }

    [Fact]
    public async Task Self_registration_is_off_by_default()
    {
        var client = factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/Account/Register");
        var login = await (await client.GetAsync("/Account/Login")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Account/Register", login);
    }
}
