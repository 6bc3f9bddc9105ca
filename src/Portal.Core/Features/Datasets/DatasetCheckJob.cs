using System.Diagnostics;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Features.Storage;

namespace Portal.Core.Features.Datasets;

/// <summary>
/// Checks and profiles a large upload in the background, writing its progress about once a second. On a problem the
/// entry stays (status Failed, with the problem for its owner to read), but its bytes are removed and it no longer
/// counts against the quota.
/// </summary>
public sealed class DatasetCheckJob(IDbContextFactory<PortalDbContext> dbFactory, ArtefactStore store, ILogger<DatasetCheckJob> logger)
{
    [AutomaticRetry(Attempts = 2)]
    public async Task RunAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        Dataset? dataset;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId && d.Status == DatasetStatus.Checking, cancellationToken);
        }

        if (dataset is null)
        {
            return; // deleted meanwhile, or already checked by an earlier attempt
        }

        var path = store.BlobPath(dataset.ContentHash);
        var encoding = new DetectedEncoding(dataset.Encoding, Preamble(path, dataset.Encoding));
        var clock = Stopwatch.StartNew();
        double reported = 0;
        void Progress(double share)
        {
            if (clock.Elapsed.TotalSeconds >= 1)
            {
                clock.Restart();
                reported = share;
                using var db = dbFactory.CreateDbContext();
                db.Datasets.Where(d => d.Id == datasetId).ExecuteUpdate(s => s.SetProperty(d => d.Progress, share));
            }
        }

        var result = await Task.Run(() => DatasetIngestService.Inspect(path, dataset.OriginalFileName, dataset.Kind, encoding, dataset.SourceLanguage, dataset.TargetLanguage, Progress, cancellationToken), cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (result.Problem is { } problem)
            {
                await db.Datasets.Where(d => d.Id == datasetId).ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, DatasetStatus.Failed)
                    .SetProperty(d => d.ProblemJson, JsonSerializer.Serialize(problem))
                    .SetProperty(d => d.SizeBytes, 0)
                    .SetProperty(d => d.Progress, 1), cancellationToken);
                if (!await db.Datasets.AnyAsync(d => d.ContentHash == dataset.ContentHash && d.Id != datasetId && d.Status != DatasetStatus.Failed, cancellationToken) && File.Exists(path))
                {
                    File.Delete(path);
                }

                logger.LogInformation("Dataset {DatasetId} failed its check: {Problem}", datasetId, problem.Message);
                return;
            }

            var inspection = result.Inspection!;
            await db.Datasets.Where(d => d.Id == datasetId).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DatasetStatus.Ready)
                .SetProperty(d => d.Progress, 1)
                .SetProperty(d => d.Delimiter, inspection.Delimiter)
                .SetProperty(d => d.RowCount, inspection.Rows)
                .SetProperty(d => d.ColumnCount, inspection.Columns)
                .SetProperty(d => d.ProfileJson, JsonSerializer.Serialize(inspection.Profile, inspection.Profile!.GetType()))
                .SetProperty(d => d.ContentProfileJson, result.ContentProfileJson), cancellationToken);
        }

        logger.LogInformation("Dataset {DatasetId} checked and profiled in the background (last progress {Progress:P0}).", datasetId, reported);
    }

    /// <summary>The byte-order mark's length, read again from the stored file (the upload stored only the encoding's name).</summary>
    private static int Preamble(string path, string encoding)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[3];
        var read = stream.Read(head);
        return encoding switch
        {
            "utf-8" when read == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF => 3,
            "utf-16le" when read >= 2 && head[0] == 0xFF && head[1] == 0xFE => 2,
            "utf-16be" when read >= 2 && head[0] == 0xFE && head[1] == 0xFF => 2,
            _ => 0,
        };
    }
}
