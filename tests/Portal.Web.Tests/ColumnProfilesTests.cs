using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Core.Features.Datasets;
using Portal.Web.Features.Datasets;

namespace Portal.Web.Tests;

/// <summary>The profile table as an analyst reads it: years as years, one dash where a column has no numbers.</summary>
public sealed class ColumnProfilesTests : BunitContext
{
    private readonly CultureInfo culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo uiCulture = CultureInfo.CurrentUICulture;

    public ColumnProfilesTests()
    {
        Services.AddMudServices();
        Services.AddLocalization(options => options.ResourcesPath = "Resources");
        JSInterop.Mode = JSRuntimeMode.Loose;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
    }

    protected override void Dispose(bool disposing)
    {
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        base.Dispose(disposing);
    }

    private static ColumnProfile Column(string name, string type, double? min, double? max, double? mean, double? std) =>
        new(name, type, 0, 10, false, min, max, mean, std, null, [new ValueCount("x", 3)], null, null);

    [Fact]
    public void A_year_column_reads_as_years_and_a_text_column_shows_one_dash()
    {
        var profile = new TableProfile(14, [
            Column("year", "integer", 2010, 2023, 2016.5, 4.18),
            Column("country", "text", null, null, null, null),
            Column("trade_mn", "number", 1250.5, 98000, 15000.25, 2000),
        ]);

        var table = Render<ColumnProfiles>(p => p.Add(x => x.Profile, profile));

        var rows = table.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal("2010 – 2023", rows[0][3]);
        Assert.Equal("2016.5 ± 4.18", rows[0][4]);
        Assert.Equal(("—", "—"), (rows[1][3], rows[1][4]));
        Assert.Equal("1,250.5 – 98,000", rows[2][3]); // other numbers keep their thousands separator
    }
}

/// <summary>A 10,000-column profile renders only the rows in view and finds a column by name.</summary>
public sealed class WideProfileTests
{
    [Fact]
    public async Task Ten_thousand_columns_render_a_window_and_the_search_finds_the_last_one()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        try
        {
            await using var context = new BunitContext();
            context.Services.AddMudServices();
            context.Services.AddLocalization(options => options.ResourcesPath = "Resources");
            context.JSInterop.Mode = JSRuntimeMode.Loose;
            var columns = Enumerable.Range(0, 10_000).Select(i => new ColumnProfile(
                $"c{i:00000}", "number", 0, 3, false, i, i + 1, i + 0.5, 0.5, null, [], null, null)).ToList();

            var table = context.Render<ColumnProfiles>(p => p.Add(x => x.Profile, new TableProfile(3, columns)));

            var rendered = table.FindAll("tbody th[scope=row]").Count;
            Assert.InRange(rendered, 1, 200); // a window, not 10,000 rows
            Assert.Contains("10,000 columns; 10,000 shown", table.Markup);
            table.Find("input").Input("c09999");
            Assert.Equal(["c09999"], table.FindAll("tbody th[scope=row]").Select(h => h.TextContent));
            Assert.Contains("10,000 columns; 1 shown", table.Markup);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
