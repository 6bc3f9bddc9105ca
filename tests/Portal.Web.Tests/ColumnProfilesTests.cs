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
