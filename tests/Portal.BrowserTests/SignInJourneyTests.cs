using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SignInJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Administrator_signs_in_switches_to_chinese_and_signs_out()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        var cspViolations = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) cspViolations.Add(message.Text); };

        // Anonymous: any page leads to sign-in.
        await page.GotoAsync(fixture.BaseUrl + "/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Accessibility.AssertNoViolationsAsync(page);

        // Sign in by label, as a screen-reader user would find the fields.
        await page.GetByLabel("Email").FillAsync(BrowserFixture.AdminEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(BrowserFixture.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welcome");
        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        await Assertions.Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Datasets" })).ToBeVisibleAsync();
        await Assertions.Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        // The audit log lists this sign-in and verifies its chain.
        await page.GotoAsync(fixture.BaseUrl + "/admin/audit");
        await Accessibility.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the chain" }).ClickAsync();
        await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("entries are intact"))).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GotoAsync(fixture.BaseUrl + "/");
        await Accessibility.WaitForInteractiveAsync(page); // a click during the page's start-up can be lost

        // Switch to Chinese: the navigation reads in Chinese and the page says so in its lang attribute.
        await page.GetByRole(AriaRole.Link, new() { Name = "简体中文" }).ClickAsync();
        var chineseNavigation = page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" });
        await Assertions.Expect(chineseNavigation.GetByRole(AriaRole.Link, new() { Name = "数据集" })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(chineseNavigation.GetByRole(AriaRole.Link, new() { Name = "训练任务" })).ToBeVisibleAsync();
        await Assertions.Expect(chineseNavigation.GetByRole(AriaRole.Link, new() { Name = "管理" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Accessibility.AssertNoViolationsAsync(page);
        var screenshot = Path.Combine(BrowserFixture.ArtefactFolder, "home-zh-CN.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);

        // A dataset's profile in Chinese: every column header on one line, not one character per line.
        await page.GotoAsync(fixture.BaseUrl + "/datasets");
        await Accessibility.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "试用示例数据" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "trade-panel" }).ClickAsync(new() { Timeout = 30_000 });
        await Accessibility.WaitForInteractiveAsync(page);
        var headers = page.Locator(".profile-table th[scope=col]");
        await Assertions.Expect(headers.First).ToBeVisibleAsync();
        var lines = await headers.EvaluateAllAsync<double[]>(
            "hs => hs.map(h => h.getBoundingClientRect().height / (1.5 * parseFloat(getComputedStyle(h).fontSize)))");
        Assert.All(lines, l => Assert.True(l < 2.5, $"A profile header spans {l:0.0} lines."));
        await Accessibility.AssertNoViolationsAsync(page);

        // Sign out: back at a Chinese sign-in page, and the home page needs signing in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await page.GotoAsync(fixture.BaseUrl + "/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("登录");
        await Accessibility.AssertNoViolationsAsync(page);
        Assert.Empty(cspViolations);
    }
}
