using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class AdministrationJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_administrator_creates_an_analyst_lowers_their_quota_and_disables_them_while_their_page_is_open()
    {
        await using var adminContext = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        await using var analystContext = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var admin = await adminContext.NewPageAsync();
        var analyst = await analystContext.NewPageAsync();
        // Its own administrator: the first one's language may have been switched by another journey.
        await fixture.CreateUserAsync("second.admin@browser.local", "lighthouse keepers log book", "Administrator");
        await fixture.SignInAsync(admin, "second.admin@browser.local", "lighthouse keepers log book");

        // The administrator creates an analyst with a temporary password.
        await admin.GotoAsync(fixture.BaseUrl + "/admin/users");
        await Accessibility.WaitForInteractiveAsync(admin);
        await Accessibility.AssertNoViolationsAsync(admin);
        await admin.GetByLabel("E-mail").First.FillAsync("mei.lin@browser.local");
        await admin.GetByLabel("Display name").First.FillAsync("Mei Lin");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        var secret = admin.GetByRole(AriaRole.Textbox, new() { Name = "Temporary password", Exact = true });
        await Assertions.Expect(secret).ToHaveValueAsync(TemporaryPassword());
        var temporary = await secret.InputValueAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "mei.lin@browser.local" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(admin);

        // The analyst signs in with it and must change it before anything else.
        await analyst.GotoAsync(fixture.BaseUrl + "/Account/Login");
        await analyst.GetByLabel("Email").FillAsync("mei.lin@browser.local");
        await analyst.GetByLabel("Password", new() { Exact = true }).FillAsync(temporary);
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(analyst).ToHaveURLAsync(ChangePasswordUrl());
        await Accessibility.AssertNoViolationsAsync(analyst);
        await analyst.GetByLabel("Current password").FillAsync(temporary);
        await analyst.GetByLabel("New password", new() { Exact = true }).FillAsync("plum blossoms in the old garden");
        await analyst.GetByLabel("Repeat the new password").FillAsync("plum blossoms in the old garden");
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(analyst).ToHaveURLAsync(fixture.BaseUrl + "/"); // on to where they were heading: the home page
        await Accessibility.WaitForInteractiveAsync(analyst);
        await Assertions.Expect(analyst.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        // The administrator lowers the analyst's storage quota to 1 MB.
        await admin.GetByRole(AriaRole.Link, new() { Name = "mei.lin@browser.local" }).ClickAsync();
        await Accessibility.WaitForInteractiveAsync(admin);
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("mei.lin@browser.local");
        await Accessibility.AssertNoViolationsAsync(admin);
        await admin.GetByLabel("Storage (MB)").FillAsync("1");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save quotas" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Saved.")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByText("0 B of 1 MB")).ToBeVisibleAsync();

        // The analyst's next upload over the limit is refused with the quota message, and nothing is stored.
        await analyst.GotoAsync(fixture.BaseUrl + "/datasets");
        await Accessibility.WaitForInteractiveAsync(analyst);
        var file = Path.Combine(Path.GetTempPath(), $"big-{Guid.NewGuid():N}.csv");
        var csv = new StringBuilder("id,value,label\n");
        for (var i = 0; csv.Length < 1_600_000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i},{i * 0.37:0.00},group-{i % 7}\n");
        }

        await File.WriteAllTextAsync(file, csv.ToString());
        await analyst.GetByLabel("Choose a file to upload").SetInputFilesAsync(file);
        await Assertions.Expect(analyst.GetByText(OverQuota())).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(analyst.GetByText("No datasets yet.")).ToBeVisibleAsync();
        File.Delete(file);

        // Disabled while their page is open: the open page loses access within seconds (revalidation is 3 s here).
        await admin.GetByRole(AriaRole.Button, new() { Name = "Disable account" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("user-state")).ToHaveTextAsync("Disabled");
        await Assertions.Expect(analyst).ToHaveURLAsync(LoginUrl(), new() { Timeout = 20_000 });

        // Signing in again is refused with a clear message.
        await analyst.GetByLabel("Email").FillAsync("mei.lin@browser.local");
        await analyst.GetByLabel("Password", new() { Exact = true }).FillAsync("plum blossoms in the old garden");
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(analyst.GetByText("This account has been disabled by an administrator.")).ToBeVisibleAsync();

        // An invitation link: the invitee sets their own password on an accessible page and signs in with it.
        await admin.GotoAsync(fixture.BaseUrl + "/admin/users");
        await Accessibility.WaitForInteractiveAsync(admin);
        await admin.GetByLabel("E-mail").First.FillAsync("invited.guest@browser.local");
        await admin.GetByRole(AriaRole.Radio, new() { NameRegex = InvitationOption() }).CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        var invitation = admin.GetByRole(AriaRole.Textbox, new() { Name = "Invitation link", Exact = true });
        await Assertions.Expect(invitation).ToHaveValueAsync(InvitationUrl());
        await using (var guestContext = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" }))
        {
            var guest = await guestContext.NewPageAsync();
            await guest.GotoAsync(await invitation.InputValueAsync());
            await Assertions.Expect(guest.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Set your password");
            await Accessibility.AssertNoViolationsAsync(guest);
            await guest.GetByLabel("New password", new() { Exact = true }).FillAsync("tidal pools at low water");
            await guest.GetByLabel("Repeat the new password").FillAsync("tidal pools at low water");
            await guest.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
            await Assertions.Expect(guest.GetByText("Your password is set. Sign in with it now.")).ToBeVisibleAsync();
            await guest.GetByLabel("Email").FillAsync("invited.guest@browser.local");
            await guest.GetByLabel("Password", new() { Exact = true }).FillAsync("tidal pools at low water");
            await guest.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(guest.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welcome");
        }

        // The other administration pages pass axe too.
        foreach (var path in new[] { "/admin", "/admin/usage", "/admin/operations", "/admin/audit" })
        {
            await admin.GotoAsync(fixture.BaseUrl + path);
            await Accessibility.WaitForInteractiveAsync(admin);
            await Accessibility.AssertNoViolationsAsync(admin);
        }

        await admin.GetByLabel("User (e-mail or part of it)").FillAsync("mei.lin");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var upload = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "mei.lin@browser.local" })
            .Filter(new() { Has = admin.GetByRole(AriaRole.Cell, new() { Name = "dataset.upload" }) });
        await Assertions.Expect(upload).ToBeVisibleAsync();
        await Assertions.Expect(upload.GetByRole(AriaRole.Cell, new() { Name = "127.0.0.1" })).ToBeVisibleAsync(); // from an interactive page, still with its address
    }


    [GeneratedRegex("^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$")]
    private static partial Regex TemporaryPassword();

    [GeneratedRegex("^Create an invitation link")]
    private static partial Regex InvitationOption();

    [GeneratedRegex("/Account/Invitation\\?token=[A-Za-z0-9_-]{43}$")]
    private static partial Regex InvitationUrl();

    [GeneratedRegex("/Account/Manage/ChangePassword")]
    private static partial Regex ChangePasswordUrl();

    [GeneratedRegex("/Account/Login")]
    private static partial Regex LoginUrl();

    [GeneratedRegex("only 1 MB of your storage quota is left")]
    private static partial Regex OverQuota();
}
