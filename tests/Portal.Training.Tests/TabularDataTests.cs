using Portal.Training.Data;

namespace Portal.Training.Tests;

public class TabularDataTests
{
    [Theory]
    [InlineData(',')]
    [InlineData('\t')]
    public void Rows_whose_first_field_starts_with_a_hash_semicolon_quote_or_tab_are_read_as_rows(char delimiter)
    {
        var d = delimiter.ToString();
        var tab = delimiter == '\t' ? "\"\tindented\"" : "\tindented";
        var text = $"name{d}value\n#1{d}1\n;second{d}2\n\"\"\"third\"\"\"{d}3\n{tab}{d}4\nlast{d}5\n";

        var data = TabularData.ReadCsv(new StringReader(text), delimiter);

        Assert.Equal(5, data.RowCount);
        Assert.Equal(new string?[] { "#1", ";second", "\"third\"", "\tindented", "last" }, data.Column("name"));
        Assert.Equal(new string?[] { "1", "2", "3", "4", "5" }, data.Column("value"));
    }
}
