using Portal.Core.Features.Datasets;

namespace Portal.Web.Features.Datasets;

/// <summary>Imports the bundled synthetic samples (wwwroot-assets/samples) as the user's own datasets, once each.</summary>
public sealed class SampleDataService(DatasetIngestService ingest, DatasetQueryService query)
{
    public static readonly IReadOnlyList<string> Files =
        ["trade-panel.csv", "climate-indicators.csv", "social-survey.csv", "order-status.csv", "epidemic-daily.csv", "public-opinion.csv",
            "news-entities.conll", "parallel-zh-en.tsv"];

    /// <returns>How many samples were added (those the user already has are skipped).</returns>
    public async Task<int> ImportAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        var existing = (
            await query.ListAsync(ownerId, null, DatasetSort.CreatedDescending, 0, 200, cancellationToken, scope: DatasetScope.Own)).Items
            .Select(d => d.OriginalFileName).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var name in Files.Where(n => !existing.Contains(n)))
        {
            var path = Path.Combine(AppContext.BaseDirectory, "samples", name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The sample {name} is missing beside the portal's binaries.", path);
            }

            await using var stream = File.OpenRead(path);
            var kind = name switch
            {
                "public-opinion.csv" => DatasetKind.LabelledText,
                "parallel-zh-en.tsv" => DatasetKind.ParallelText,
                _ => DatasetIngestService.KindFor(name),
            };
            var result = await ingest.UploadAsync(ownerId, name, stream, kind, cancellationToken);
            added += result.Succeeded ? 1 : throw new InvalidOperationException($"Sample {name}: {result.Problem!.Message}");
        }

        return added;
    }
}
