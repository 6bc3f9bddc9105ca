using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Datasets;

namespace Portal.Core.Tests;

/// <summary>Files in the encodings partners really send are read as their authors wrote them, or the user is asked.</summary>
public sealed class EncodingTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "concordia-encoding-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider services = default!;

    static EncodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public async Task InitializeAsync() => services = await IngestServices.BuildAsync(folder);

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private Task<IngestResult> Upload(byte[] bytes, string? encoding = null) =>
        services.GetRequiredService<DatasetIngestService>().UploadAsync("analyst", "data.csv", new MemoryStream(bytes), DatasetKind.Table, null, null, chosenEncoding: encoding);

    private async Task<string[]> FirstColumnAsync(Dataset dataset) =>
        (await services.GetRequiredService<DatasetQueryService>().PreviewAsync("analyst", dataset.Id, 0, 10))!.Rows.Select(r => r[0] ?? string.Empty).ToArray();

    private void AssertNothingStored()
    {
        var blobs = Path.Combine(folder, "artefacts", "blobs");
        Assert.True(!Directory.Exists(blobs) || Directory.GetFiles(blobs, "*", SearchOption.AllDirectories).Length == 0);
    }

    [Theory]
    [InlineData(new byte[] { 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80 })] // an emoji as CESU-8 surrogate halves
    [InlineData(new byte[] { 0xC0, 0xAF })] // an overlong '/'
    [InlineData(new byte[] { 0xE0, 0x80, 0xAF })] // an overlong '/' in three bytes
    public async Task Utf8_with_bytes_that_are_not_utf8_is_refused_naming_the_line_never_read_as_gb18030(byte[] bad)
    {
        var bytes = Encoding.UTF8.GetBytes("city,note\nZürich,fine\nBeijing,北京\n").Concat(Encoding.ASCII.GetBytes("Oslo,")).Concat(bad).Concat("\n"u8.ToArray()).ToArray();

        var result = await Upload(bytes);

        Assert.Equal("Upload.BadUtf8", result.Problem?.Code);
        Assert.Equal(4L, result.Problem!.Arguments[0]);
        AssertNothingStored();
    }

    [Fact]
    public async Task Traditional_chinese_in_big5_is_read_as_big5()
    {
        var text = "地區,貿易額,年份\n華東,1520.5,2023\n華南,1388.0,2023\n臺灣,402.7,2023\n國際合作與文化交流,1,2\n";

        var result = await Upload(Encoding.GetEncoding("big5").GetBytes(text));

        Assert.True(result.Succeeded, result.Problem?.Message);
        Assert.Equal("big5", result.Dataset!.Encoding);
        Assert.Equal(["華東", "華南", "臺灣", "國際合作與文化交流"], await FirstColumnAsync(result.Dataset));
    }

    [Theory]
    [InlineData("euc-kr", "지역,무역액,연도\n서울,1520.5,2023\n부산,1388.0,2023\n안녕하세요,402.7,2023\n")]
    [InlineData("gb18030", "地区,贸易额,年份\n华东,1520.5,2023\n华南,1388.0,2023\n西北,402.7,2023\n")]
    [InlineData("windows-1251", "город,примечание\nМосква,столица России\nКиев,город на Днепре\nМинск,город\n")]
    public async Task Clearly_detected_legacy_encodings_are_taken(string encoding, string text)
    {
        var result = await Upload(Encoding.GetEncoding(encoding).GetBytes(text));

        Assert.True(result.Succeeded, result.Problem?.Message);
        Assert.Equal(encoding, result.Dataset!.Encoding);
        Assert.Equal(text.Split('\n')[1].Split(',')[0], (await FirstColumnAsync(result.Dataset))[0]);
    }

    [Fact]
    public async Task A_weak_guess_asks_the_user_with_a_preview_in_each_likely_encoding_and_their_choice_is_used()
    {
        var bytes = Encoding.GetEncoding(1252).GetBytes("city,note\nZürich,Café crème\nMünchen,Straße\nSão Paulo,façade\n");

        var unsure = await Upload(bytes);

        Assert.Equal("Upload.EncodingUncertain", unsure.Problem?.Code);
        AssertNothingStored();
        var choice = unsure.EncodingChoices!.First(c => c.Name == "windows-1252");
        Assert.Equal("Zürich,Café crème", choice.Preview[1]);

        var chosen = await Upload(bytes, "windows-1252");

        Assert.True(chosen.Succeeded, chosen.Problem?.Message);
        Assert.Equal("windows-1252", chosen.Dataset!.Encoding);
        Assert.Equal(["Zürich", "München", "São Paulo"], await FirstColumnAsync(chosen.Dataset));
    }

    [Fact]
    public async Task Japanese_in_shift_jis_is_offered_first_and_an_unknown_choice_is_refused()
    {
        var bytes = Encoding.GetEncoding("shift_jis").GetBytes("地域,貿易額,年\n東京,1520.5,2023\n大阪,1388.0,2023\nこんにちは世界,402.7,2023\n");

        var result = await Upload(bytes);
        var unknown = await Upload(bytes, "ebcdic");

        Assert.True(result.Succeeded ? result.Dataset!.Encoding == "shift_jis" : result.EncodingChoices![0].Name == "shift_jis");
        Assert.Equal("Upload.UnknownEncoding", unknown.Problem?.Code);
    }

    [Theory]
    [InlineData("utf-32le")]
    [InlineData("utf-32be")]
    public async Task Utf32_with_its_byte_order_mark_is_read(string name)
    {
        var encoding = name == "utf-32le" ? new UTF32Encoding(false, true) : new UTF32Encoding(true, true);

        var result = await Upload([.. encoding.GetPreamble(), .. encoding.GetBytes("名称,数量\n苹果,3\n梨,5\n")]);

        Assert.True(result.Succeeded, result.Problem?.Message);
        Assert.Equal(name, result.Dataset!.Encoding);
        Assert.Equal(["苹果", "梨"], await FirstColumnAsync(result.Dataset));
    }
}
