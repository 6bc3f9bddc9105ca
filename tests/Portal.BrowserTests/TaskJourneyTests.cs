using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Datasets;

namespace Portal.BrowserTests;

/// <summary>
/// Text classification, entity recognition and forecasting started from the new-run flow, watched to the end, with
/// each task's result page checked by axe and kept as a screenshot (result-text.png, result-entities.png, result-forecast.png).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class TaskJourneyTests(BrowserFixture fixture)
{
    private const string Email = "tasks@browser.local", Password = "harbour lights at dusk";

    [Fact]
    public async Task An_analyst_trains_a_text_an_entity_and_a_forecasting_run_and_reads_each_result_page()
    {
        await fixture.CreateUserAsync(Email, Password, "Analyst");
        await UploadAsync(("public-opinion.csv", DatasetKind.LabelledText), ("news-entities.conll", DatasetKind.TaggedCorpus), ("epidemic-daily.csv", DatasetKind.Table));
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await fixture.SignInAsync(page, Email, Password);

        // Labelled text: the flow proposes text classification with the text and label columns found at upload.
        await StartAsync(page, PublicOpinion(), "Label texts (text classification)", "6", null);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confusion matrix" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("run-narrative")).ToContainTextAsync("always answering the most common label");
        await Assertions.Expect(page.GetByTestId("run-narrative")).ToContainTextAsync("95% interval");
        await Assertions.Expect(page.GetByTestId("text-selection")).ToContainTextAsync("Models compared");
        await Assertions.Expect(page.GetByLabel("text", new() { Exact = true })).ToBeVisibleAsync(); // one text to label
        await FinishPageAsync(page, "result-text.png");

        // A tagged corpus: entity recognition, per-type scores and sentences with the spans marked.
        await StartAsync(page, NewsEntities(), "Find named entities (entity recognition)", "15", null);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Scores per entity type" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("entity-examples").Locator("mark").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("run-narrative")).ToContainTextAsync("test sentences");
        await FinishPageAsync(page, "result-entities.png");

        // A daily series: forecasting is suggested (regression and classification stay on offer); Auto compares its candidates.
        await StartAsync(page, EpidemicDaily(), "Forecast a series over time (forecasting)", "25", "Forecast a series over time (forecasting)");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = ForecastChart() })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("run-narrative")).ToContainTextAsync("are off by");
        await Assertions.Expect(page.GetByTestId("forecast-candidates")).ToContainTextAsync("Holt-Winters");
        await Assertions.Expect(page.GetByTestId("next-forecast")).ToContainTextAsync("95% interval");
        await FinishPageAsync(page, "result-forecast.png");
    }

    private async Task StartAsync(IPage page, Regex dataset, string task, string epochs, string? chooseTask)
    {
        await page.GotoAsync(fixture.BaseUrl + "/runs/new");
        await Accessibility.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Dataset" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { NameRegex = dataset }).ClickAsync();
        if (chooseTask is not null)
        {
            await page.GetByRole(AriaRole.Combobox, new() { Name = "Task" }).ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = chooseTask }).ClickAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "4. Review and start" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { NameRegex = new Regex("^" + Regex.Escape(task)) })).ToBeVisibleAsync();
        var field = page.GetByLabel("Epochs", new() { Exact = true });
        await field.FillAsync(epochs);
        await field.BlurAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the run" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(RunUrl());
        await Accessibility.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 180_000 });
    }

    /// <summary>The result page passes axe and is kept as a screenshot; its report prints to at most 6 A4 pages with the title and headline.</summary>
    private static async Task FinishPageAsync(IPage page, string screenshot)
    {
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "How this result was made" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtefactFolder, screenshot), FullPage = true });

        var title = await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync();
        var headline = (await page.GetByTestId("run-headline").TextContentAsync())!.Split(':')[0];
        await page.GotoAsync(page.Url + "/report");
        await Accessibility.AssertNoViolationsAsync(page);
        var pdf = Path.Combine(BrowserFixture.ArtefactFolder, Path.ChangeExtension(screenshot, ".pdf").Replace("result-", "report-", StringComparison.Ordinal));
        await page.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", PrintBackground = true });
        var text = await PdfText.ExtractAsync(pdf);
        Assert.Contains(title!, text);
        Assert.Contains(headline, text);
        Assert.InRange(await PdfText.PageCountAsync(pdf), 1, 6);
    }

    private async Task UploadAsync(params (string File, DatasetKind Kind)[] files)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var ownerId = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(Email))!.Id;
        foreach (var (name, kind) in files)
        {
            await using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "samples", name));
            var result = await scope.ServiceProvider.GetRequiredService<DatasetIngestService>().UploadAsync(ownerId, name, file, kind);
            Assert.True(result.Succeeded, result.Problem?.Message);
        }
    }

    [GeneratedRegex("^public-opinion")]
    private static partial Regex PublicOpinion();

    [GeneratedRegex("^news-entities")]
    private static partial Regex NewsEntities();

    [GeneratedRegex("^epidemic-daily")]
    private static partial Regex EpidemicDaily();

    [GeneratedRegex("^Line chart of new_cases")]
    private static partial Regex ForecastChart();

    [GeneratedRegex("/runs/[0-9a-f-]{36}$")]
    private static partial Regex RunUrl();
}
