using Microsoft.Playwright;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class TwoFactorJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_analyst_who_takes_a_minute_and_a_half_to_set_up_the_authenticator_app_stays_signed_in_and_2fa_is_on()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        const string email = "slow-2fa@browser.local", password = "a patient kettle of fish";
        await fixture.CreateUserAsync(email, password, "Analyst");
        await fixture.SignInAsync(page, email, password);

        await page.GotoAsync(fixture.BaseUrl + "/Account/Manage/EnableAuthenticator");
        var key = await page.Locator("code.key").InnerTextAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        // Installing an app, scanning the code and typing it takes a while; the sign-in is revalidated meanwhile.
        await Task.Delay(TimeSpan.FromSeconds(90));
        await page.GetByLabel("Verification code").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Your authenticator app has been verified.")).ToBeVisibleAsync();
        Assert.DoesNotContain("/Account/Login", page.Url);
        await page.GotoAsync(fixture.BaseUrl + "/Account/Manage/TwoFactorAuthentication");
        Assert.DoesNotContain("/Account/Login", page.Url);
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
