using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Changes;
using Portal.Core.Features.Jobs;
using Portal.Core.Features.Runs;
using Portal.Core.Features.Storage;

namespace Portal.Core.Features.Datasets;

/// <summary>
/// Checks and profiles a large upload in the background, writing its progress about once a second. On a problem the
/// entry stays (status Failed, with the problem for its owner to read), but its bytes are removed and it no longer
/// counts against the quota.
/// </summary>
public sealed class DatasetCheckService(
    IDbContextFactory<PortalDbContext> dbFactory, ArtefactStore store, IOptions<RunOptions> runs, ChangeFeed changes,
    ILogger<DatasetCheckService> logger)
{
    public async Task CheckAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        Dataset? dataset;
        var now = DateTimeOffset.UtcNow;
        var lease = runs.Value.Lease;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // Claimed with a lease: a duplicate pick-up does nothing; a lost worker is noticed by WorkRecoveryService.
            var claimed = await db.Datasets
                .Where(d => d.Id == datasetId && d.Status == DatasetStatus.Checking && (
                    d.CheckLeaseExpiresAt == null || d.CheckLeaseExpiresAt < now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.CheckAttempts, d => d.CheckAttempts + 1)
                    .SetProperty(d => d.CheckLeaseExpiresAt, now + lease), cancellationToken);
            dataset = claimed == 0 ? null : await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        }

        if (dataset is null)
        {
            return; // deleted meanwhile, checked by an earlier attempt, or held by another worker
        }

        using var renew = WorkLease.KeepRenewing(lease, () =>
        {
            using var db = dbFactory.CreateDbContext();
            db.Datasets.Where(d => d.Id == datasetId && d.Status == DatasetStatus.Checking)
                .ExecuteUpdate(s => s.SetProperty(d => d.CheckLeaseExpiresAt, DateTimeOffset.UtcNow + lease));
        });

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
                changes.Dataset(datasetId);
            }
        }

        CheckedFile result;
        try
        {
            result = await Task.Run(
                () => UploadInspection.Inspect(
                    path, dataset.OriginalFileName, dataset.Kind, encoding, dataset.SourceLanguage, dataset.TargetLanguage, Progress,
                        cancellationToken),
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The same file would throw again: fail now with the reason rather than leave it Checking.
            logger.LogError(ex, "The background check of dataset {DatasetId} threw.", datasetId);
            result = new CheckedFile(null, null, UploadProblem.CheckFailed(ex.Message));
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (result.Problem is { } problem)
            {
                await FailAsync(db, store, dataset, problem, cancellationToken);
                changes.Dataset(datasetId);
                logger.LogInformation("Dataset {DatasetId} failed its check: {Problem}", datasetId, problem.Message);
                return;
            }

            var inspection = result.Inspection!;
            await db.Datasets.Where(d => d.Id == datasetId).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DatasetStatus.Ready)
                .SetProperty(d => d.Progress, 1)
                .SetProperty(d => d.CheckLeaseExpiresAt, (DateTimeOffset?)null)
                .SetProperty(d => d.Delimiter, inspection.Delimiter)
                .SetProperty(d => d.RowCount, inspection.Rows)
                .SetProperty(d => d.ColumnCount, inspection.Columns)
                .SetProperty(d => d.ProfileJson, JsonSerializer.Serialize(inspection.Profile, inspection.Profile!.GetType()))
                .SetProperty(d => d.ContentProfileJson, result.ContentProfileJson), cancellationToken);
        }

        changes.Dataset(datasetId);

        logger.LogInformation(
            "Dataset {DatasetId} checked and profiled in the background (last progress {Progress:P0}).", datasetId, reported);
    }

    /// <summary>
    /// Ends a check with its problem for the owner to read: the entry stays, its bytes go (unless another entry shares
    /// them) and it no longer counts against the quota.
    /// </summary>
    public static async Task FailAsync(
        PortalDbContext db, ArtefactStore store, Dataset dataset, UploadProblem problem, CancellationToken cancellationToken)
    {
        // The bytes go first: whoever sees the entry Failed (its owner, a test, the quota) must find them gone.
        var path = store.BlobPath(dataset.ContentHash);
        var shared = await db.Datasets.AnyAsync(
            d => d.ContentHash == dataset.ContentHash && d.Id != dataset.Id && d.Status != DatasetStatus.Failed, cancellationToken);
        if (!shared && File.Exists(path))
        {
            File.Delete(path);
        }

        await db.Datasets.Where(d => d.Id == dataset.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, DatasetStatus.Failed)
            .SetProperty(d => d.ProblemJson, JsonSerializer.Serialize(problem))
            .SetProperty(d => d.SizeBytes, 0)
            .SetProperty(d => d.CheckLeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(d => d.Progress, 1), cancellationToken);
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
