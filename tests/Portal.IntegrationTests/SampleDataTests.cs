using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Datasets;
using Portal.IntegrationTests.Infrastructure;
using Portal.Web.Features.Datasets;

namespace Portal.IntegrationTests;

public sealed class SampleDataTests
{
    [Fact]
    public async Task Every_bundled_sample_imports_cleanly_and_only_once()
    {
        await using var factory = new PortalFactory();
        await using var scope = factory.Services.CreateAsyncScope();
        var samples = scope.ServiceProvider.GetRequiredService<SampleDataService>();

        var first = await samples.ImportAsync("analyst-id");
        var second = await samples.ImportAsync("analyst-id");

        Assert.Equal(SampleDataService.Files.Count, first);
        Assert.Equal(0, second);
        var page = await scope.ServiceProvider.GetRequiredService<DatasetQueryService>().ListAsync("analyst-id", "trade", DatasetSort.NameAscending, 0, 10);
        var trade = Assert.Single(page.Items);
        Assert.Equal(8, trade.ColumnCount);
        Assert.Equal(12 * 11 * 14, trade.RowCount);
        var corpus = Assert.Single((await scope.ServiceProvider.GetRequiredService<DatasetQueryService>().ListAsync("analyst-id", "news", DatasetSort.NameAscending, 0, 10)).Items);
        Assert.Equal((DatasetKind.TaggedCorpus, 400L), (corpus.Kind, corpus.RowCount));
        var all = (await scope.ServiceProvider.GetRequiredService<DatasetQueryService>().ListAsync("analyst-id", null, DatasetSort.NameAscending, 0, 50)).Items;
        var opinion = DatasetQueryService.Labelled(all.Single(d => d.OriginalFileName == "public-opinion.csv"))!;
        Assert.Equal(("text", "sentiment"), (opinion.TextColumn, opinion.LabelColumn));
        Assert.True(opinion.Text.ChineseShare > 0.1);
        var parallel = DatasetQueryService.Parallel(all.Single(d => d.OriginalFileName == "parallel-zh-en.tsv"))!;
        Assert.Equal(("zh", "en"), (parallel.SourceLanguage, parallel.TargetLanguage));
    }
}
