using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Datasets;
using Portal.IntegrationTests.Infrastructure;
using Portal.Web.Features.Datasets;

namespace Portal.IntegrationTests;

public sealed class SampleDataTests
{
    [Fact]
    public async Task Every_bundled_sample_table_imports_cleanly_and_only_once()
    {
        await using var factory = new PortalFactory();
        await using var scope = factory.Services.CreateAsyncScope();
        var samples = scope.ServiceProvider.GetRequiredService<SampleDataService>();

        var first = await samples.ImportAsync("analyst-id");
        var second = await samples.ImportAsync("analyst-id");

        Assert.Equal(SampleDataService.Tables.Count, first);
        Assert.Equal(0, second);
        var page = await scope.ServiceProvider.GetRequiredService<DatasetQueryService>().ListAsync("analyst-id", "trade", DatasetSort.NameAscending, 0, 10);
        var trade = Assert.Single(page.Items);
        Assert.Equal(8, trade.ColumnCount);
        Assert.Equal(12 * 11 * 14, trade.RowCount);
    }
}
