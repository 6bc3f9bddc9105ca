using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Datasets;

namespace Portal.Core.Tests;

/// <summary>
/// Valid files read as their author sees them. Rows whose first field begins with '#', ';', '"' or a tab are data like
/// any other (the parser's default treated '#' lines as comments and dropped them); line ends of every style; empty
/// lines at the end are not rows; the delimiter is judged from many lines.
/// </summary>
public sealed class CsvReadingTests : IAsyncLifetime
{
    private const string Table = "name,value\n#1 priority,1\n;semicolon,2\n\"\"\"quoted\"\"\",3\n\ttabbed,4\nplain,5\n";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "concordia-csv-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider services = default!;

    public async Task InitializeAsync() => services = await IngestServices.BuildAsync(folder, o => o.ProfileInlineBytes = 512L << 20);

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private Task<IngestResult> Upload(string text, string name, DatasetKind kind) =>
        services.GetRequiredService<DatasetIngestService>().UploadAsync("analyst", name, new MemoryStream(Encoding.UTF8.GetBytes(text)), kind);

    [Fact]
    public async Task A_table_keeps_every_row_and_the_preview_shows_each_in_its_place()
    {
        var result = await Upload(Table, "priorities.csv", DatasetKind.Table);

        Assert.True(result.Succeeded, result.Problem?.Message);
        Assert.Equal(5, result.Dataset!.RowCount);
        var value = DatasetQueryService.Profile(result.Dataset)!.Columns.Single(c => c.Name == "value");
        Assert.Equal((1.0, 5.0, 0L), (value.Min, value.Max, value.Missing));

        var preview = await services.GetRequiredService<DatasetQueryService>().PreviewAsync("analyst", result.Dataset.Id, 0, 10);
        Assert.Equal(["#1 priority", ";semicolon", "\"quoted\"", "\ttabbed", "plain"], preview!.Rows.Select(r => r[0]));
        Assert.Equal(["1", "2", "3", "4", "5"], preview.Rows.Select(r => r[1]));
    }

    [Fact]
    public async Task A_tab_separated_table_keeps_rows_starting_with_a_hash()
    {
        var result = await Upload("tag\tcount\n#climate\t10\n#trade\t20\nhealth\t30\n", "tags.tsv", DatasetKind.Table);

        Assert.True(result.Succeeded, result.Problem?.Message);
        Assert.Equal((3L, "\t"), (result.Dataset!.RowCount, result.Dataset.Delimiter));
    }

    [Fact]
    public async Task Labelled_text_whose_rows_of_one_class_start_with_a_hash_keeps_both_classes()
    {
        var csv = "text,label\n#trade deal signed,positive\n#talks collapse,negative\n#tariffs cut,positive\n;negotiations stall,negative\n";

        var result = await Upload(csv, "hashtags.csv", DatasetKind.LabelledText);

        Assert.True(result.Succeeded, result.Problem?.Message);
        Assert.Equal(4, result.Dataset!.RowCount);
        var labels = DatasetQueryService.Labelled(result.Dataset)!.Text.Labels;
        Assert.Equal([("negative", 2L), ("positive", 2L)], labels.Select(l => (l.Value, l.Count)).OrderBy(l => l.Value));
    }

    [Theory]
    [InlineData("a,b\r1,2\r3,4\r")]
    [InlineData("a,b\r\n1,2\n3,4\r")]
    [InlineData("a,b\n1,2\r\n3,4")]
    public async Task Lines_ending_in_cr_crlf_or_lf_in_any_mix_are_rows(string csv)
    {
        var result = await Upload(csv, "endings.csv", DatasetKind.Table);

        Assert.True(result.Succeeded, result.Problem?.Message);
        Assert.Equal((2L, 2), (result.Dataset!.RowCount, result.Dataset.ColumnCount));
        var preview = await services.GetRequiredService<DatasetQueryService>().PreviewAsync("analyst", result.Dataset.Id, 0, 10);
        Assert.Equal(["2", "4"], preview!.Rows.Select(r => r[1]));
    }

    [Fact]
    public async Task Empty_lines_at_the_end_are_not_rows()
    {
        var result = await Upload("country,gdp\nKenya,110\nChile,301\n\n\r\n\n", "trailing.csv", DatasetKind.Table);
        var single = await Upload("note\nfirst\n\nthird\n\n\n", "notes.csv", DatasetKind.Table);

        Assert.True(result.Succeeded, result.Problem?.Message);
        Assert.Equal(2, result.Dataset!.RowCount);
        Assert.True(single.Succeeded, single.Problem?.Message);
        Assert.Equal(3, single.Dataset!.RowCount); // the empty line between two notes is a missing note
        Assert.Equal(1, DatasetQueryService.Profile(single.Dataset)!.Columns[0].Missing);
    }

    [Fact]
    public async Task A_one_column_file_is_not_split_on_a_semicolon_inside_one_cell()
    {
        var result = await Upload("note\nsee note; page 2\nplain remark\nanother, with a comma\n", "notes.csv", DatasetKind.Table);

        Assert.True(result.Succeeded, result.Problem?.Message);
        Assert.Equal((3L, 1), (result.Dataset!.RowCount, result.Dataset.ColumnCount));
        var preview = await services.GetRequiredService<DatasetQueryService>().PreviewAsync("analyst", result.Dataset.Id, 0, 10);
        Assert.Equal(["see note; page 2", "plain remark", "another, with a comma"], preview!.Rows.Select(r => r[0]));
    }

    [Fact]
    public async Task The_delimiter_is_the_one_that_splits_every_line_like_the_header()
    {
        // The header holds a comma inside a quoted name and semicolons between columns, as European exports do.
        var result = await Upload("\"country, official\";gdp;year\nKenya;110,3;2023\nChile;301,0;2023\n", "eu.csv", DatasetKind.Table);

        Assert.True(result.Succeeded, result.Problem?.Message);
        Assert.Equal((";", 3), (result.Dataset!.Delimiter, result.Dataset.ColumnCount));
    }

    [Fact]
    public async Task A_quote_that_is_never_closed_is_refused_naming_its_line_and_nothing_is_stored()
    {
        var result = await Upload("name,value\nKenya,1\n\"Chile,2\nPeru,3\n", "open-quote.csv", DatasetKind.Table);

        Assert.Equal("Table.UnclosedQuote", result.Problem?.Code);
        Assert.Equal(3L, result.Problem!.Arguments[0]);
        var blobs = Path.Combine(folder, "artefacts", "blobs");
        Assert.True(!Directory.Exists(blobs) || Directory.GetFiles(blobs, "*", SearchOption.AllDirectories).Length == 0);
    }

    [Fact]
    public async Task Cells_of_a_mebibyte_and_more_are_read_as_they_are()
    {
        var big = new string('x', 3 << 20);
        var result = await Upload($"id,note\n1,{big}\n2,short\n", "big-cells.csv", DatasetKind.Table);

        Assert.True(result.Succeeded, result.Problem?.Message);
        Assert.Equal(2, result.Dataset!.RowCount);
    }

    [Fact]
    public async Task A_line_longer_than_the_parser_holds_is_refused_naming_its_line()
    {
        var result = await Upload($"id,note\n1,short\n2,{new string('x', 70 << 20)}\n", "one-line.csv", DatasetKind.Table);

        Assert.Equal("Table.LineTooLong", result.Problem?.Code);
        Assert.Equal(3L, result.Problem!.Arguments[0]);
    }

    [Fact]
    public async Task A_bioes_corpus_whose_first_e_and_s_tags_come_late_is_read_as_bioes()
    {
        var early = string.Concat(Enumerable.Repeat("Officials O\nmet O\nin O\nOslo B-LOC\n. O\n\n", 8)); // 48 lines of plain BIO-looking tags
        var late = "New B-LOC\nYork E-LOC\nand O\nParis S-LOC\nsigned O\n\n";

        var result = await Upload(early + late, "news.conll", DatasetKind.TaggedCorpus);

        Assert.True(result.Succeeded, result.Problem?.Message);
        var corpus = DatasetQueryService.Corpus(result.Dataset!)!;
        Assert.Equal(0, corpus.InvalidTransitions);
        Assert.Contains(corpus.Tags, t => t.Value == "I-LOC"); // York continues New York's span
        Assert.DoesNotContain(corpus.Tags, t => t.Value.StartsWith("E-", StringComparison.Ordinal) || t.Value.StartsWith("S-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Numbers_read_on_the_fast_path_are_exactly_what_double_parse_reads()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 2_000).Select(i => (i % 5) switch
        {
            0 => (random.NextDouble() * 1e6).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            1 => "-" + random.Next(0, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + random.Next(0, 999999).ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
            2 => random.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture), // 17 digits: the slow path
            3 => (random.NextDouble() * 1e-3).ToString("E3", System.Globalization.CultureInfo.InvariantCulture),
            _ => "0.1",
        }).ToList();

        var result = await Upload("x\n" + string.Join("\n", values) + "\n", "numbers.csv", DatasetKind.Table);

        var column = DatasetQueryService.Profile(result.Dataset!)!.Columns.Single();
        var parsed = values.Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(("number", parsed.Min(), parsed.Max()), (column.Type, column.Min!.Value, column.Max!.Value));
        Assert.Equal(parsed.Average(), column.Mean!.Value, 6);
    }
}
