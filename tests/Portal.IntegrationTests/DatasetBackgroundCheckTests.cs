using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Administration;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Storage;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>Files above Datasets:ProfileInlineBytes are stored first and checked by the real Hangfire server.</summary>
public sealed class DatasetBackgroundCheckTests
{
    private const string Owner = "analyst-1";

    private static byte[] Csv(int rows, int? raggedAt = null)
    {
        var text = new StringBuilder("id,value,region\n");
        for (var i = 1; i <= rows; i++)
        {
            text.Append(i).Append(',').Append(i * 0.5).Append(',').Append(i % 3 == 0 ? "north" : "south");
            text.Append(i == raggedAt ? ",extra\n" : "\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<Dataset> WaitAsync(IServiceProvider services, Guid id)
    {
        for (var i = 0; i < 300; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var dataset = await scope.ServiceProvider.GetRequiredService<DatasetQueryService>().FindAsync(Owner, id);
            if (dataset!.Status != DatasetStatus.Checking)
            {
                return dataset;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The background check did not finish in 30 s.");
    }

    [Fact]
    public async Task A_large_file_is_stored_at_once_then_checked_and_profiled_in_the_background()
    {
        await using var factory = new PortalFactory(new() { ["Datasets:ProfileInlineBytes"] = "10000" });
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DatasetIngestService>().UploadAsync(Owner, "big.csv", new MemoryStream(Csv(20_000)), DatasetKind.Table);

        Assert.True(result.Succeeded);
        Assert.Equal(DatasetStatus.Checking, result.Dataset!.Status);
        Assert.Null(result.Dataset.ProfileJson);

        var ready = await WaitAsync(factory.Services, result.Dataset.Id);
        Assert.Equal((DatasetStatus.Ready, 20_000L, 3), (ready.Status, ready.RowCount, ready.ColumnCount));
        Assert.Equal(1, ready.Progress);
        Assert.Equal("number", DatasetQueryService.Profile(ready)!.Columns[1].Type);
        var preview = await scope.ServiceProvider.GetRequiredService<DatasetQueryService>().PreviewAsync(Owner, ready.Id, 0, 10);
        Assert.Equal(10, preview!.Rows.Count);
    }

    [Fact]
    public async Task A_large_bad_file_ends_failed_with_its_line_and_leaves_no_bytes_and_no_quota_used()
    {
        await using var factory = new PortalFactory(new() { ["Datasets:ProfileInlineBytes"] = "10000" });
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DatasetIngestService>().UploadAsync(Owner, "bad.csv", new MemoryStream(Csv(5_000, raggedAt: 4_321)), DatasetKind.Table);
        Assert.Equal(DatasetStatus.Checking, result.Dataset!.Status);

        var failed = await WaitAsync(factory.Services, result.Dataset.Id);

        Assert.Equal(DatasetStatus.Failed, failed.Status);
        var problem = DatasetQueryService.Problem(failed)!;
        Assert.Equal("Table.RaggedRow", problem.Code);
        Assert.Contains("Line 4322 has 4 fields; the header has 3.", problem.Message);
        Assert.False(File.Exists(scope.ServiceProvider.GetRequiredService<ArtefactStore>().BlobPath(failed.ContentHash)));
        Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<QuotaService>().UsageAsync(Owner)).StorageBytes);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<DatasetQueryService>().PreviewAsync(Owner, failed.Id, 0, 10));
    }
}
