using System.Text;
using Portal.Core.Features.Exports;

namespace Portal.Core.Tests;

public sealed class SpreadsheetCsvTests
{
    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+31 20 555", "'+31 20 555")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@import", "'@import")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("plain", "plain")]
    [InlineData("中文,逗号", "\"中文,逗号\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    public void Text_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(string value, string expected) =>
        Assert.Equal(expected, SpreadsheetCsv.Cell(value));

    [Fact]
    public void Numbers_stay_numbers_even_when_negative_and_the_file_starts_with_a_bom()
    {
        var csv = new SpreadsheetCsv().Row("value", -1.5, 42);
        Assert.Equal("value,-1.5,42\r\n", csv.ToString());
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv.ToBytes()[..3]);
    }
}
