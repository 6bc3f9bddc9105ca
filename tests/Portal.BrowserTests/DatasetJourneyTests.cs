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

    private async Task SignInAsync(IPage page)
    {
        const string email = "analyst@browser.local", password = "harbour lights at dusk";
        await fixture.CreateUserAsync(email, password, "Analyst");
        await fixture.SignInAsync(page, email, password);
    }

    [GeneratedRegex("60 rows, 4 columns")]
    private static partial Regex RowsAndColumns();
}
