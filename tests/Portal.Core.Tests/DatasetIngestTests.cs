using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Storage;

namespace Portal.Core.Tests;

/// <summary>Uploads through the real service into a real SQLite file and a real artefact folder.</summary>
public sealed class DatasetIngestTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "concordia-ingest-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider services = default!;

    static DatasetIngestTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public long Quota { get; set; } = 10L * 1024 * 1024;

    public async Task InitializeAsync() => services = await IngestServices.BuildAsync(folder, o =>
    {
        o.MaxUploadBytes = 1024 * 1024;
        o.StorageQuotaBytes = Quota;
    });

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private Task<IngestResult> Upload(byte[] bytes, string name = "data.csv", string owner = "analyst") =>
        services.GetRequiredService<DatasetIngestService>().UploadTableAsync(owner, name, new MemoryStream(bytes));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_csv_is_stored_once_by_its_hash_and_profiled()
    {
        var csv = Utf8("country,gdp,region\nKenya,110.3,africa\nChile,301.0,americas\nNepal,,asia\nPeru,242.6,americas\n");

        var first = await Upload(csv, "trade.csv");
        var second = await Upload(csv, "trade-copy.csv", owner: "colleague");

        Assert.True(first.Succeeded, first.Problem?.Message);
        var dataset = first.Dataset!;
        Assert.Equal(("trade", 4L, 3, "utf-8", ","), (dataset.Name, dataset.RowCount, dataset.ColumnCount, dataset.Encoding, dataset.Delimiter));
        Assert.Equal(dataset.ContentHash, second.Dataset!.ContentHash);
        Assert.Single(Directory.GetFiles(Path.Combine(folder, "artefacts", "blobs"), "*", SearchOption.AllDirectories));
        var profile = JsonSerializer.Deserialize<TableProfile>(dataset.ProfileJson!)!;
        var gdp = profile.Columns.Single(c => c.Name == "gdp");
        Assert.Equal(("number", 1L), (gdp.Type, gdp.Missing));
        Assert.Equal(110.3, gdp.Min);
        Assert.Equal((110.3 + 301.0 + 242.6) / 3, gdp.Mean!.Value, 9);
        Assert.Equal("category", profile.Columns.Single(c => c.Name == "region").Type);
    }

    [Fact]
    public async Task Tab_separated_utf16_and_bom_files_are_read()
    {
        var tsv = await Upload(Utf8("a\tb\n1\t2\n3\t4\n"), "t.tsv");
        var bom = await Upload([.. Encoding.UTF8.GetPreamble(), .. Utf8("名称,数量\n苹果,3\n梨,5\n")]);
        var utf16 = await Upload([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("x,y\n1,2\n")]);

        Assert.Equal("\t", tsv.Dataset!.Delimiter);
        Assert.Equal(2, tsv.Dataset.ColumnCount);
        Assert.Equal("utf-8", bom.Dataset!.Encoding);
        Assert.Contains("\"名称\"", bom.Dataset.ProfileJson!.Replace("\\u540D\\u79F0", "名称"));
        Assert.Equal("utf-16le", utf16.Dataset!.Encoding);
    }

    [Fact]
    public async Task A_gbk_export_with_chinese_headers_is_detected_and_not_garbled()
    {
        var gbk = Encoding.GetEncoding("GBK").GetBytes("地区,贸易额,年份\n华东,1520.5,2023\n华南,1388.0,2023\n西北,402.7,2023\n");

        var result = await Upload(gbk, "贸易.csv");

        Assert.True(result.Succeeded, result.Problem?.Message);
        Assert.Equal("gb18030", result.Dataset!.Encoding);
        var profile = JsonSerializer.Deserialize<TableProfile>(result.Dataset.ProfileJson!)!;
        Assert.Equal(["地区", "贸易额", "年份"], profile.Columns.Select(c => c.Name));
        Assert.Contains(profile.Columns[0].TopValues, v => v.Value == "华东");
    }

    public static TheoryData<string, byte[], string, object[]> BadFiles => new()
    {
        { "empty", [], "Upload.Empty", [] },
        { "blank first line", Utf8("\na,b\n1,2\n"), "Table.NoHeader", [] },
        { "header only", Utf8("a,b\n"), "Table.NoRows", [] },
        { "empty column name", Utf8("a,,c\n1,2,3\n"), "Table.EmptyColumnName", [2] },
        { "duplicate column name", Utf8("gdp,year,GDP\n1,2,3\n"), "Table.DuplicateColumnName", ["gdp"] },
        { "ragged row", Utf8("a,b,c\n1,2,3\n4,5,6\n7,8\n"), "Table.RaggedRow", [4L, 3, 2] },
        // Bytes that no supported encoding reads as text (0xFF leads nothing; 0x81 and 0x98 are undefined in Windows-125x).
        { "undecodable bytes", [.. Utf8("a,b\n1,2\n3,4\n"), 0xFF, 0x81, 0x98, 0xFF, .. Utf8(",x\n")], "Upload.Undecodable", [4L] },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_refused_with_its_problem_and_leaves_nothing_behind(string what, byte[] bytes, string code, object[] arguments)
    {
        var result = await Upload(bytes);

        Assert.False(result.Succeeded, what);
        Assert.Equal(code, result.Problem!.Code);
        Assert.Equal(arguments, result.Problem.Arguments);
        await AssertNothingStoredAsync();
    }

    private Task<IngestResult> UploadAs(string text, string name) =>
        services.GetRequiredService<DatasetIngestService>().UploadAsync("analyst", name, new MemoryStream(Utf8(text)), DatasetIngestService.KindFor(name));

    [Fact]
    public async Task A_conll_corpus_is_profiled_and_invalid_transitions_are_counted_not_fixed()
    {
        var result = await UploadAs("-DOCSTART- O\n\nLi B-PER\nWei I-PER\nvisited O\nOslo I-LOC\n\nGeneva B-LOC\n.\tO\n", "news.conll");

        Assert.True(result.Succeeded, result.Problem?.Message);
        Assert.Equal(DatasetKind.TaggedCorpus, result.Dataset!.Kind);
        var profile = DatasetQueryService.Corpus(result.Dataset)!;
        Assert.Equal((2, 6, 1), (profile.Sentences, profile.Tokens, profile.InvalidTransitions));
        Assert.Contains(profile.Tags, t => t.Value == "O" && t.Count == 2);
    }

    [Fact]
    public async Task A_malformed_conll_line_is_refused_with_its_line_number()
    {
        var result = await UploadAs("Li B-PER\nWei\n", "bad.conll");

        Assert.Equal(("Conll.MissingTag", 2), (result.Problem!.Code, (int)result.Problem.Arguments[0]));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Json_lines_of_labelled_chinese_text_are_profiled()
    {
        var result = await UploadAs("{\"text\":\"贸易政策很好\",\"label\":\"positive\"}\n{\"text\":\"服务令人失望\",\"label\":\"negative\"}\n{\"text\":\"Great progress\",\"label\":\"positive\"}\n", "opinion.jsonl");

        Assert.True(result.Succeeded, result.Problem?.Message);
        var profile = DatasetQueryService.Texts(result.Dataset!)!;
        Assert.Equal(3, profile.Texts);
        Assert.Equal([("positive", 2L), ("negative", 1L)], profile.Labels.Select(l => (l.Value, l.Count)));
        Assert.InRange(profile.ChineseShare, 0.4, 0.6);
    }

    [Theory]
    [InlineData("{\"text\":\"a\",\"label\":\"x\"}\nnot json\n", "Text.BadJson", 2)]
    [InlineData("{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\"}\n", "Text.MissingField", 2)]
    [InlineData("{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\",\"label\":\"x\"}\n", "Text.SingleClass", null)]
    public async Task Bad_labelled_text_is_refused_and_leaves_nothing(string text, string code, int? line)
    {
        var result = await UploadAs(text, "texts.jsonl");

        Assert.Equal(code, result.Problem!.Code);
        if (line is not null)
        {
            Assert.Equal(line, (int)result.Problem.Arguments[0]);
        }

        await AssertNothingStoredAsync();
    }

    private Task<IngestResult> UploadKind(string text, string name, DatasetKind kind, string? source = null, string? target = null) =>
        services.GetRequiredService<DatasetIngestService>().UploadAsync("analyst", name, new MemoryStream(Utf8(text)), kind, source, target);

    [Fact]
    public async Task Labelled_text_in_a_csv_finds_its_text_and_label_columns_and_profiles_them()
    {
        var result = await UploadKind("id,comment,lang,sentiment\n1,贸易政策很好,zh,positive\n2,服务令人失望,zh,negative\n3,\"Great, real progress\",en,positive\n", "opinion.csv", DatasetKind.LabelledText);

        Assert.True(result.Succeeded, result.Problem?.Message);
        var labelled = DatasetQueryService.Labelled(result.Dataset!)!;
        Assert.Equal(("comment", "sentiment"), (labelled.TextColumn, labelled.LabelColumn));
        Assert.Equal([("positive", 2L), ("negative", 1L)], labelled.Text.Labels.Select(l => (l.Value, l.Count)));
        Assert.NotNull(DatasetQueryService.Profile(result.Dataset!)); // still a table: column profiles and preview
    }

    [Theory]
    [InlineData("text,label\na,same\nb,same\nc,same\n", "Text.SingleClass")]
    [InlineData("text,label\na,x\n,y\n", "Text.MissingValue")]
    [InlineData("year,value\n2020,1\n2021,2\n", "Text.NoColumns")]
    public async Task Labelled_text_in_a_csv_with_one_class_or_without_its_columns_is_refused_and_stores_nothing(string csv, string code)
    {
        var result = await UploadKind(csv, "bad.csv", DatasetKind.LabelledText);

        Assert.Equal(code, result.Problem?.Code);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Parallel_text_reports_pairs_lengths_and_languages()
    {
        var tsv = "source_zh\ttarget_en\n政府讨论贸易。\tThe government discusses trade.\n企业关注卫生。\tCompanies follow health.\n\tOrphan line\n";
        var guessed = await UploadKind(tsv, "pairs.tsv", DatasetKind.ParallelText);
        var named = await UploadKind(tsv, "pairs2.tsv", DatasetKind.ParallelText, "zh-Hans", "en-GB");

        Assert.True(guessed.Succeeded, guessed.Problem?.Message);
        var profile = DatasetQueryService.Parallel(guessed.Dataset!)!;
        Assert.Equal((2L, 1L, "zh", "en"), (profile.Pairs, profile.EmptyPairs, profile.SourceLanguage, profile.TargetLanguage));
        Assert.True(profile.MeanLengthRatio > 2);
        Assert.Equal(("zh-Hans", "en-GB"), (DatasetQueryService.Parallel(named.Dataset!)!.SourceLanguage, DatasetQueryService.Parallel(named.Dataset!)!.TargetLanguage));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_while_streaming()
    {
        var result = await Upload(new byte[2 * 1024 * 1024]);

        Assert.Equal("Upload.TooLarge", result.Problem!.Code);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_upload_over_the_storage_quota_is_refused_and_stores_nothing()
    {
        await DisposeAsync();
        Quota = 100;
        await InitializeAsync();

        var result = await Upload(Utf8("a,b\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},{i}\n"))));

        Assert.Equal("Upload.OverQuota", result.Problem!.Code);
        Assert.Contains("storage quota", result.Problem.Message);
        await AssertNothingStoredAsync();
    }

    private async Task AssertNothingStoredAsync()
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Datasets.CountAsync());
        var artefacts = Path.Combine(folder, "artefacts");
        Assert.Empty(Directory.Exists(artefacts) ? Directory.GetFiles(artefacts, "*", SearchOption.AllDirectories) : []);
        Assert.Equal(0, await services.GetRequiredService<DatasetIngestService>().StorageUsedAsync("analyst"));
    }
}

public sealed class DatasetEditTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "concordia-edit-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider services = default!;

    public async Task InitializeAsync() => services = await IngestServices.BuildAsync(folder);

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private async Task<Dataset> UploadAsync(string owner) =>
        (await services.GetRequiredService<DatasetIngestService>().UploadTableAsync(owner, "t.csv", new MemoryStream(Encoding.UTF8.GetBytes("a,b\n1,2\n")))).Dataset!;

    [Fact]
    public async Task Only_the_owner_renames_and_describes_and_bad_names_are_refused()
    {
        var dataset = await UploadAsync("owner");
        var edit = services.GetRequiredService<DatasetEditService>();

        Assert.Equal("Dataset.NotFound", (await edit.UpdateAsync("someone-else", dataset.Id, "stolen", null))!.Code);
        Assert.Equal("Dataset.NameInvalid", (await edit.UpdateAsync("owner", dataset.Id, "   ", null))!.Code);
        Assert.Null(await edit.UpdateAsync("owner", dataset.Id, " Trade 2024 ", "Exports by partner"));

        var stored = await services.GetRequiredService<DatasetQueryService>().FindAsync("owner", dataset.Id);
        Assert.Equal(("Trade 2024", "Exports by partner"), (stored!.Name, stored.Description));
        Assert.Null(await services.GetRequiredService<DatasetQueryService>().FindAsync("someone-else", dataset.Id));
    }

    [Fact]
    public async Task Tags_are_normalised_and_found_by_search()
    {
        var dataset = await UploadAsync("owner");
        var edit = services.GetRequiredService<DatasetEditService>();

        Assert.Null(await edit.UpdateAsync("owner", dataset.Id, "Trade", null, " Trade, 2024,trade ，Asia"));
        Assert.Equal("Dataset.TagsTooLong", (await edit.UpdateAsync("owner", dataset.Id, "Trade", null, new string('x', 501)))!.Code);

        var query = services.GetRequiredService<DatasetQueryService>();
        Assert.Equal("trade,2024,asia", (await query.FindAsync("owner", dataset.Id))!.Tags);
        Assert.Single((await query.ListAsync("owner", "Asia", DatasetSort.NameAscending, 0, 10)).Items);
        Assert.Empty((await query.ListAsync("owner", "europe", DatasetSort.NameAscending, 0, 10)).Items);
        Assert.Single((await query.ListAsync("owner", "tRADE", DatasetSort.NameAscending, 0, 10)).Items); // any case
    }

    [Fact]
    public async Task Shared_bytes_stay_until_the_last_entry_using_them_is_deleted()
    {
        var mine = await UploadAsync("owner");
        var theirs = await UploadAsync("colleague");
        var edit = services.GetRequiredService<DatasetEditService>();
        var blob = services.GetRequiredService<ArtefactStore>().BlobPath(mine.ContentHash);

        Assert.Equal("Dataset.NotFound", (await edit.DeleteAsync("colleague", mine.Id))!.Code);
        Assert.Null(await edit.DeleteAsync("owner", mine.Id));
        Assert.True(File.Exists(blob));
        Assert.Null(await edit.DeleteAsync("colleague", theirs.Id));
        Assert.False(File.Exists(blob));
    }
}
