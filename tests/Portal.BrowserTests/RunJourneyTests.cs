using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class RunJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_analyst_imports_the_trade_panel_starts_a_regression_run_with_defaults_and_watches_it_succeed()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        var cspViolations = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) cspViolations.Add(message.Text); };
        const string email = "runner@browser.local", password = "lanterns over the river";
        await fixture.CreateUserAsync(email, password, "Analyst");
        await fixture.SignInAsync(page, email, password);

        await page.GotoAsync(fixture.BaseUrl + "/datasets");
        await Accessibility.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Try sample data" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "trade-panel" })).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // The list says what each dataset is and what it can train; the account's name is shown as written, not upper-cased.
        var tradeRow = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "trade-panel" }) });
        await Assertions.Expect(tradeRow.GetByTestId("dataset-tasks")).ToContainTextAsync("Predict a number (regression)");
        Assert.Equal("none", await page.GetByTestId("account-name").EvaluateAsync<string>(
            "e => getComputedStyle(e.querySelector('.mud-button-label') ?? e).textTransform"));
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GotoAsync(fixture.BaseUrl + "/runs");
        await Accessibility.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByText("No runs yet.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "New run" }).ClickAsync();
        await Accessibility.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New run", Level = 1 })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Dataset" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { NameRegex = TradePanel() }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "5. Review and start" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { NameRegex = RegressionOnVolume() })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("estimate")).ToContainTextAsync("about");

        // A value out of range is refused with its reason as it is typed, and the run cannot start until it is fixed.
        // The settings are summed up in one line; the fields are behind "Advanced settings", which says whether it is open.
        await Assertions.Expect(page.GetByTestId("settings-summary")).ToContainTextAsync("epochs · batch");
        var epochs = page.GetByLabel("Epochs", new() { Exact = true });
        await Assertions.Expect(epochs).ToBeHiddenAsync();
        var fold = page.GetByRole(AriaRole.Button, new() { Name = "Advanced settings" });
        await Assertions.Expect(fold).ToHaveAttributeAsync("aria-expanded", "false");
        await fold.ClickAsync();
        await Assertions.Expect(fold).ToHaveAttributeAsync("aria-expanded", "true");
        var proposed = await epochs.InputValueAsync();
        Assert.Contains($"{proposed} epochs", await page.GetByTestId("settings-summary").InnerTextAsync());
        await epochs.FillAsync("0");
        await epochs.BlurAsync();
        await Assertions.Expect(page.GetByText("Epochs must be between 1 and 10,000.").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start the run" })).ToBeDisabledAsync();
        await epochs.FillAsync(proposed);
        await epochs.BlurAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start the run" })).ToBeEnabledAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        // Reached by keyboard, "Start the run" shows a solid focus ring, not a faint shadow.
        for (var i = 0; i < 80 && !await page.GetByRole(AriaRole.Button, new() { Name = "Start the run" }).EvaluateAsync<bool>(
            "e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        var ring = await page.GetByRole(AriaRole.Button, new() { Name = "Start the run" }).EvaluateAsync<string>(
            "e => { const s = getComputedStyle(e); return s.outlineStyle + ' ' + parseFloat(s.outlineWidth); }");
        Assert.Equal("solid 3", ring);

        // The curve moves while the page stays open: every text alternative the chart shows is recorded as the page
        // updates, from before the run starts (the run page replaces this one in the same document), so a quick run
        // cannot finish before the recording begins.
        await page.EvaluateAsync(@"() => {
            window.__curveLabels = new Set();
            const record = () => {
                const curves = [...document.querySelectorAll('svg[role=img]')].map(s => s.getAttribute('aria-label') || '').filter(l => l.startsWith('Learning curves'));
                curves.forEach(l => window.__curveLabels.add(l));
                if (curves.length === 0 && document.querySelector('[data-testid=run-status]')) window.__runPageWithoutCurve = true;
                if (!window.__succeededAt && document.querySelector('[data-testid=run-status]')?.textContent.includes('Succeeded'))
                    window.__succeededAt = Date.now();
            };
            new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
            record();
        }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the run" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(RunUrl());
        await Accessibility.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("trade-panel · trade_volume_mn");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__curveLabels instanceof Set"), "The run page replaced the document; the recording was lost.");

        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = LearningCurves() })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Accessibility.AssertNoViolationsAsync(page);

        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 180_000 });
        // A run quick enough to record every epoch between two refreshes draws its curve once: then it must have appeared on
        // the open page, which showed the run without a curve first.
        Assert.True(await page.EvaluateAsync<bool>("() => window.__curveLabels.size >= 2 || (window.__curveLabels.size >= 1 && window.__runPageWithoutCurve === true)"),
            "The learning curve never changed while the page was open.");
        await Assertions.Expect(page.GetByTestId("run-headline")).ToContainTextAsync("R²");
        await Assertions.Expect(page.GetByTestId("run-log")).ToContainTextAsync("Finished: r2");
        await Assertions.Expect(page.GetByTestId("run-narrative")).ToContainTextAsync("of the variation in trade_volume_mn");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = ScatterSummary() })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "How this result was made" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtefactFolder, "result-regression.png"), FullPage = true });
        var runUrl = page.Url;
        var runFinishedAt = await page.EvaluateAsync<string>(
            "async id => (await (await fetch(`/api/runs/${id}`)).json()).finishedAt", new Uri(runUrl).Segments.Last());
        var resultAfter = await page.EvaluateAsync<double>("() => window.__succeededAt") - DateTimeOffset.Parse(
            runFinishedAt, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        await File.AppendAllTextAsync(
            Path.Combine(BrowserFixture.ArtefactFolder, "live-latency.txt"), $"run finished → result on the open page: {resultAfter:F0} ms\n");

        // The printable report: axe-clean, and Chromium prints it as a short A4 PDF with the title and the headline.
        await page.GotoAsync(runUrl + "/report");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("trade-panel · trade_volume_mn");
        await Accessibility.AssertNoViolationsAsync(page);
        var pdf = Path.Combine(BrowserFixture.ArtefactFolder, "report-regression.pdf");
        await page.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", PrintBackground = true });
        var text = await PdfText.ExtractAsync(pdf);
        Assert.Contains("trade-panel · trade_volume_mn", text);
        Assert.Contains("R² (share of variation explained)", text);
        var pages = await PdfText.PageCountAsync(pdf);
        Assert.InRange(pages, 1, 6);
        await page.GotoAsync(runUrl);
        await Accessibility.WaitForInteractiveAsync(page);

        // A file scored through the API while the result page stays open: its download link appears on the page without a
        // reload (the page is told when the job ends; it used to poll only for jobs it had started itself).
        await page.EvaluateAsync(@"() => {
            new MutationObserver(() => {
                if (!window.__scoredLinkAt && [...document.querySelectorAll('a')].some(a => a.textContent.includes('from-api.csv')))
                    window.__scoredLinkAt = Date.now();
            }).observe(document.body, { subtree: true, childList: true, characterData: true });
        }");
        var runId = new Uri(runUrl).Segments.Last();
        var scoreId = await page.EvaluateAsync<string>(@"async id => {
            const body = new FormData();
            const csv = 'year,origin,destination,gdp_origin_bn,gdp_destination_bn,distance_km,exchange_rate\n2016,China,Kenya,250,210,13000,1.1\n';
            body.append('file', new Blob([csv], { type: 'text/csv' }), 'from-api.csv');
            const answer = await fetch(`/api/runs/${id}/scores`, { method: 'POST', body, headers: { 'X-Concordia-Client': 'journey' } });
            return (await answer.json()).id;
        }", runId);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download the predictions for from-api.csv" }))
            .ToBeVisibleAsync(new() { Timeout = 30_000 });
        var finishedAt = await page.EvaluateAsync<string>(
            "async ([run, score]) => (await (await fetch(`/api/runs/${run}/scores/${score}`)).json()).finishedAt", new[] { runId, scoreId });
        var shownAfter = await page.EvaluateAsync<double>("() => window.__scoredLinkAt") - DateTimeOffset.Parse(
            finishedAt, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        await File.AppendAllTextAsync(
            Path.Combine(BrowserFixture.ArtefactFolder, "live-latency.txt"), $"scoring job stored → link on the open page: {shownAfter:F0} ms\n");
        await Accessibility.AssertNoViolationsAsync(page);

        // A classification run on the social survey: confusion matrix and ROC curves.
        await page.GotoAsync(fixture.BaseUrl + "/runs/new");
        await Accessibility.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Dataset" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { NameRegex = SocialSurvey() }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { NameRegex = ClassificationOfEquity() })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the run" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(RunUrl());
        await Accessibility.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 180_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confusion matrix" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = RocSummary() })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("run-narrative")).ToContainTextAsync("always choosing the most common class");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtefactFolder, "result-classification.png"), FullPage = true });

        // Runs of different tasks cannot be compared; the page says so (and passes axe).
        await page.GotoAsync(fixture.BaseUrl + "/runs");
        await Accessibility.WaitForInteractiveAsync(page);
        foreach (var name in new[] { "trade-panel · trade_volume_mn", "social-survey · equity_class" })
        {
            await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {name} for comparison" }).CheckAsync();
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Compare selected (2)" }).ClickAsync();
        await Accessibility.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByText("Only runs of the same task can be compared.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        // Both runs went to the personal project, which the projects page counts.
        await page.GotoAsync(fixture.BaseUrl + "/projects");
        await Accessibility.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "2 runs" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        // The list shows it with its result.
        await page.GotoAsync(fixture.BaseUrl + "/runs");
        await Accessibility.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "trade-panel · trade_volume_mn" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Succeeded")).ToHaveCountAsync(2);
        await Accessibility.AssertNoViolationsAsync(page);
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task An_analyst_creates_and_revokes_an_access_token_and_reads_the_api_reference()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        const string email = "scripter@browser.local", password = "copper kettle on the hill";
        await fixture.CreateUserAsync(email, password, "Analyst");
        await fixture.SignInAsync(page, email, password);

        await page.GotoAsync(fixture.BaseUrl + "/Account/Manage/Tokens");
        await Assertions.Expect(page.GetByText("You have no tokens.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        // The name box has a visible border with at least 3:1 contrast against the card (WCAG 1.4.11).
        var border = await page.GetByLabel("Name").EvaluateAsync<double>(@"e => {
            const lum = c => { const [r, g, b] = c.match(/\d+/g).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const s = getComputedStyle(e);
            if (s.borderTopStyle === 'none' || parseFloat(s.borderTopWidth) < 1) return 0;
            let p = e.parentElement; while (p && getComputedStyle(p).backgroundColor === 'rgba(0, 0, 0, 0)') p = p.parentElement;
            const [a, b] = [lum(s.borderTopColor), lum(getComputedStyle(p).backgroundColor)];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }");
        Assert.True(border >= 3, $"The token name box's border contrast is {border:0.00}:1.");
        await page.GetByLabel("Name").FillAsync("nightly upload");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var secret = page.GetByLabel("Your new token");
        await Assertions.Expect(secret).ToHaveValueAsync(TokenPattern());
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "nightly upload", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke the token nightly upload" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The token was revoked; it no longer works.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Revoked", Exact = true })).ToBeVisibleAsync();

        await page.GotoAsync(fixture.BaseUrl + "/developers/api");
        await Accessibility.WaitForInteractiveAsync(page);
        await Accessibility.AssertNoViolationsAsync(page);

        // The interactive reference on the OpenAPI document runs under the portal's script policy (a nonce for its one
        // inline script, its bundle from this site), lists every endpoint with the words of its summary, and leaves
        // the internal routes out.
        var cspViolations = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) cspViolations.Add(message.Text); };
        var outside = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith(fixture.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)) outside.Add(request.Url); };
        await page.GetByTestId("api-reference-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/developers/api/reference"));
        await Assertions.Expect(page.GetByText("score with their models, share results").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Open Group - Sharing") }).First.ClickAsync();
        await Assertions.Expect(page.GetByText("Revoke a share at once").First).ToBeVisibleAsync();
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("/Account/Logout", text);
        Assert.DoesNotContain("/culture/set", text);
        Assert.DoesNotContain("Portal.Web", text); // every endpoint is in a group named for what it does
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtefactFolder, "api-reference.png") });
        Assert.Empty(cspViolations);
        Assert.Empty(outside);
        await Accessibility.AssertNoViolationsAsync(page);

        // In the dark theme too.
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByText("score with their models, share results").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => document.body.classList.contains('dark-mode')"), "The reference did not follow the dark theme.");
        await Accessibility.AssertNoViolationsAsync(page);
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task Of_three_tokens_the_revoked_middle_one_stops_working_at_once_and_the_others_still_work()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        const string email = "three-tokens@browser.local", password = "three keys on one ring";
        await fixture.CreateUserAsync(email, password, "Analyst");
        await fixture.SignInAsync(page, email, password);
        await page.GotoAsync(fixture.BaseUrl + "/Account/Manage/Tokens");
        var secrets = new List<string>();
        foreach (var name in new[] { "first", "middle", "last" })
        {
            await page.GetByLabel("Name").FillAsync(name);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = name, Exact = true })).ToBeVisibleAsync();
            secrets.Add(await page.GetByLabel("Your new token").InputValueAsync());
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke the token middle" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The token was revoked; it no longer works.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = RevokeButton() })).ToHaveCountAsync(2);

        using var api = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        async Task<int> StatusWith(string secret)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
            return (int)(await api.SendAsync(request)).StatusCode;
        }

        var statuses = new List<int>();
        foreach (var secret in secrets)
        {
            statuses.Add(await StatusWith(secret));
        }

        Assert.Equal(new[] { 200, 401, 200 }, statuses);
    }

    [GeneratedRegex("^Revoke the token")]
    private static partial Regex RevokeButton();

    [GeneratedRegex("^cpat_[A-Za-z0-9_-]{43}$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^social-survey")]
    private static partial Regex SocialSurvey();

    [GeneratedRegex("Predict a category \\(classification\\): equity_class")]
    private static partial Regex ClassificationOfEquity();

    [GeneratedRegex("^ROC curves")]
    private static partial Regex RocSummary();

    [GeneratedRegex("^trade-panel")]
    private static partial Regex TradePanel();

    [GeneratedRegex("Predict a number \\(regression\\): trade_volume_mn")]
    private static partial Regex RegressionOnVolume();

    [GeneratedRegex("/runs/[0-9a-f-]{36}$")]
    private static partial Regex RunUrl();

    [GeneratedRegex("^Scatter plot of \\d+ test rows")]
    private static partial Regex ScatterSummary();

    [GeneratedRegex("^Learning curves")]
    private static partial Regex LearningCurves();
}
