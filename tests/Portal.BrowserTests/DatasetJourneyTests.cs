using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class DatasetJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_upload_whose_encoding_is_unclear_offers_the_likely_encodings_with_their_reading_and_stores_the_chosen_one()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        const string email = "encodings@browser.local", password = "many scripts one portal";
        await fixture.CreateUserAsync(email, password, "Analyst");
        await fixture.SignInAsync(page, email, password);
        await page.GotoAsync(fixture.BaseUrl + "/datasets");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Datasets", Level = 1 })).ToBeVisibleAsync();
        await Accessibility.WaitForInteractiveAsync(page);
        await Accessibility.AssertNoViolationsAsync(page);

        var file = Path.Combine(Path.GetTempPath(), $"european-{Guid.NewGuid():N}.csv");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await File.WriteAllBytesAsync(file, Encoding.GetEncoding(1252).GetBytes("city,note\nZürich,Café crème\nMünchen,Straße\nSão Paulo,façade\n"));
        await page.GetByLabel("Choose a file to upload").SetInputFilesAsync(file);

        await Assertions.Expect(page.GetByText("The file's encoding is not clear")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByLabel("windows-1252")).ToContainTextAsync("Zürich,Café crème");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload as windows-1252" }).ClickAsync();

        await Assertions.Expect(page.GetByText(new Regex("Stored “european-[0-9a-f]+”: 3 rows, 2 columns."))).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task An_analyst_uploads_a_csv_sees_its_profile_and_pages_through_the_preview()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        var cspViolations = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) cspViolations.Add(message.Text); };
        await SignInAsync(page);

        await page.GotoAsync(fixture.BaseUrl + "/datasets");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Datasets", Level = 1 })).ToBeVisibleAsync();
        await Accessibility.WaitForInteractiveAsync(page);
        await Accessibility.AssertNoViolationsAsync(page);

        var file = Path.Combine(Path.GetTempPath(), $"climate-{Guid.NewGuid():N}.csv");
        var csv = new StringBuilder("year,co2,forest_cover,region\n");
        for (var i = 0; i < 60; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{1990 + i},{350 + i * 1.7:0.0},{31.5 - i * 0.05:0.00},{(i % 2 == 0 ? "north" : "south")}\n");
        }

        await File.WriteAllTextAsync(file, csv.ToString());
        // Chromium reads the file from disk when the page reads it, so it must outlive the upload.
        await page.GetByLabel("Choose a file to upload").SetInputFilesAsync(file);

        await Assertions.Expect(page.GetByText(RowsAndColumns())).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the dataset" }).ClickAsync();
        await Accessibility.WaitForInteractiveAsync(page);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("climate-");
        await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "co2" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("Histogram of co2") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("1–25 of 60")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Assertions.Expect(page.GetByText("26–50 of 60")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "2015", Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtefactFolder, "dataset-page.png"), FullPage = true });
        File.Delete(file);

        // Rename, then delete: back to an empty list.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Climate indicators");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Climate indicators");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete dataset" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No datasets yet.")).ToBeVisibleAsync();
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task A_ten_thousand_column_table_opens_in_seconds_with_its_profile_searchable_and_its_preview_in_column_windows()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        const string email = "wide@browser.local", password = "orchard ladder in april";
        await fixture.CreateUserAsync(email, password, "Analyst");
        await fixture.SignInAsync(page, email, password);

        var csv = new StringBuilder(string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"c{i:00000}"))).Append('\n');
        for (var r = 0; r < 30; r++)
        {
            csv.Append(string.Join(',', Enumerable.Range(0, 10_000).Select(i => ((i + r) % 97).ToString(CultureInfo.InvariantCulture)))).Append('\n');
        }

        // Stored through the API from the signed-in page (the form's upload of this file is a separate question, see the
        // issue note); what is measured is opening the dataset's page.
        await page.GotoAsync(fixture.BaseUrl + "/datasets");
        await Accessibility.WaitForInteractiveAsync(page);
        var id = await page.EvaluateAsync<string>(@"async csv => {
            const body = new FormData();
            body.append('file', new Blob([csv], { type: 'text/csv' }), 'wide.csv');
            const answer = await fetch('/api/datasets', { method: 'POST', body, headers: { 'X-Concordia-Client': 'journey' } });
            return (await answer.json()).id;
        }", csv.ToString());
        var address = $"datasets/{id}";

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.GotoAsync(new Uri(new Uri(fixture.BaseUrl + "/"), address).ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "c00000", Exact = true })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("preview-column-window")).ToHaveTextAsync("Columns 1–50 of 10,000", new() { Timeout = 60_000 });
        var opened = clock.ElapsedMilliseconds;
        await File.AppendAllTextAsync(Path.Combine(BrowserFixture.ArtefactFolder, "live-latency.txt"), $"10,000-column dataset page → profile and preview shown: {opened} ms\n");
        await Accessibility.WaitForInteractiveAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Next columns" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("preview-column-window")).ToHaveTextAsync("Columns 51–100 of 10,000");
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "c00050", Exact = true })).ToBeVisibleAsync();
        await page.GetByLabel("Find a column").FillAsync("c09999");
        await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "c09999", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Profile", Exact = true }).GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(1);
        await Accessibility.AssertNoViolationsAsync(page);
    }

    private async Task SignInAsync(IPage page)
    {
        const string email = "analyst@browser.local", password = "harbour lights at dusk";
        await fixture.CreateUserAsync(email, password, "Analyst");
        await fixture.SignInAsync(page, email, password);
    }

    [GeneratedRegex("60 rows, 4 columns")]
    private static partial Regex RowsAndColumns();
}
