using System.Data;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Jobs;
using Portal.Core.Features.Storage;

namespace Portal.Core.Features.Datasets;

/// <param name="EncodingChoices">When the encoding is not clear: the encodings the file reads in, for the user to choose.</param>
public sealed record IngestResult(Dataset? Dataset, UploadProblem? Problem, IReadOnlyList<EncodingCandidate>? EncodingChoices = null)
{
    public bool Succeeded => Dataset is not null;
}

/// <summary>
/// Takes an upload as a stream: stores it to a temporary file while hashing and counting (refusing past the size
/// limit), detects the encoding, validates and profiles it, reserves quota and records the dataset in one
/// transaction, and only then keeps the bytes. Any refusal leaves no file, no row and no quota used.
/// </summary>
public sealed class DatasetIngestService(
    IDbContextFactory<PortalDbContext> dbFactory,
    ArtefactStore store,
    IOptions<DatasetOptions> options,
    Administration.QuotaService quotas,
    DatasetEditService edits,
    AuditLog audit,
    TimeProvider clock,
    ILogger<DatasetIngestService> logger,
    IBackgroundWork? work = null)
{
    public Task<IngestResult> UploadTableAsync(
        string ownerId, string fileName, Stream content, CancellationToken cancellationToken = default) =>
        UploadAsync(ownerId, fileName, content, DatasetKind.Table, cancellationToken);

    /// <summary>The kind a file name suggests: .conll/.bio/.iob are tagged corpora, .jsonl labelled text, anything else a table.</summary>
    public static DatasetKind KindFor(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".conll" or ".bio" or ".iob" => DatasetKind.TaggedCorpus,
        ".jsonl" => DatasetKind.LabelledText,
        _ => DatasetKind.Table,
    };

    public async Task<IngestResult> UploadAsync(
        string ownerId, string fileName, Stream content, DatasetKind kind, CancellationToken cancellationToken = default) =>
        await UploadAsync(ownerId, fileName, content, kind, null, null, cancellationToken);

    /// <summary>The one way a dataset arrives, from the upload page and the API alike; audited here.</summary>
    /// <param name="sourceLanguage">For parallel text: the source column's language as the user names it (else guessed from the column
    /// name).</param>
    /// <param name="chosenEncoding">The encoding the user chose when the file's own was not clear (one of the offered names).</param>
    /// <param name="projectId">A shared project to put it in (null: the uploader's personal space); a refused move keeps the
    /// upload.</param>
    public async Task<IngestResult> UploadAsync(
        string ownerId, string fileName, Stream content, DatasetKind kind, string? sourceLanguage, string? targetLanguage,
        CancellationToken cancellationToken = default, string? chosenEncoding = null, Guid? projectId = null)
    {
        var result = await IngestAsync(ownerId, fileName, content, kind, sourceLanguage, targetLanguage, chosenEncoding, cancellationToken);
        await audit.RecordAsync(
            AuditActions.DatasetUpload, ownerId, result.Dataset?.Id.ToString() ?? FileNames.Clean(fileName), result.Succeeded,
            result.Problem?.Code, cancellationToken: cancellationToken);
        if (result.Dataset is { } stored && projectId is not null)
        {
            var refused = await edits.MoveToProjectAsync(ownerId, stored.Id, projectId, cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            stored.ProjectId = await db.Datasets.Where(d => d.Id == stored.Id).Select(d => d.ProjectId).FirstAsync(cancellationToken);
            return result with { Problem = refused };
        }

        return result;
    }

    private async Task<IngestResult> IngestAsync(
        string ownerId, string fileName, Stream content, DatasetKind kind, string? sourceLanguage, string? targetLanguage,
        string? chosenEncoding, CancellationToken cancellationToken)
    {
        fileName = FileNames.Clean(fileName);
        var temporary = store.NewTemporaryFile();
        try
        {
            var maxUpload = Math.Min(options.Value.MaxUploadBytes, (await quotas.LimitsAsync(ownerId, cancellationToken)).MaxUploadBytes);
            var (hash, size, tooLarge) = await CopyAsync(content, temporary, maxUpload, cancellationToken);
            if (tooLarge)
            {
                return new(null, UploadProblem.TooLarge(maxUpload));
            }

            if (size == 0)
            {
                return new(null, UploadProblem.Empty());
            }

            if (chosenEncoding is not null && !TextEncodingDetector.IsKnown(chosenEncoding))
            {
                return new(null, UploadProblem.UnknownEncoding(chosenEncoding));
            }

            var analysis = Analyse(temporary);
            var detected = analysis.Sure ?? (chosenEncoding is null ? null : new DetectedEncoding(chosenEncoding, 0));
            if (detected is null)
            {
                // Valid UTF-8 but for some bytes, or valid in nothing: point at the first line that is not UTF-8.
                var badLine = TableInspector.FirstUndecodableLine(temporary, new DetectedEncoding("utf-8", 0)) ?? 1;
                return analysis switch
                {
                    { MalformedUtf8: true } => new(null, UploadProblem.BadUtf8(badLine)),
                    { Candidates.Count: > 0 } => new(
                        null, UploadProblem.EncodingUncertain(analysis.Candidates.Select(c => c.Name)), analysis.Candidates),
                    _ => new(null, UploadProblem.Undecodable(badLine)),
                };
            }

            var encoding = detected;

            if (size > options.Value.ProfileInlineBytes && work is not null)
            {
                return await AcceptForBackgroundCheckAsync(
                    ownerId, fileName, kind, hash, size, encoding, temporary, sourceLanguage, targetLanguage, cancellationToken);
            }

            var checkedFile = UploadInspection.Inspect(
                temporary, fileName, kind, encoding, sourceLanguage, targetLanguage, null, cancellationToken);
            if (checkedFile.Problem is not null)
            {
                return new(null, checkedFile.Problem);
            }

            var inspection = checkedFile.Inspection!;
            var contentProfile = checkedFile.ContentProfileJson;
            var dataset = new Dataset
            {
                Id = Guid.NewGuid(),
                OwnerId = ownerId,
                Name = Path.GetFileNameWithoutExtension(fileName),
                OriginalFileName = Path.GetFileName(fileName),
                Kind = kind,
                ContentHash = hash,
                SizeBytes = size,
                Encoding = encoding.Name,
                Delimiter = inspection.Delimiter,
                RowCount = inspection.Rows,
                ColumnCount = inspection.Columns,
                CreatedAt = clock.GetUtcNow(),
                ProfileJson = JsonSerializer.Serialize(inspection.Profile, inspection.Profile!.GetType()),
                ContentProfileJson = contentProfile,
            };

            var problem = await ReserveAndRecordAsync(dataset, cancellationToken);
            if (problem is not null)
            {
                return new(null, problem);
            }

            store.Keep(temporary, hash);
            logger.LogInformation(
                "Dataset {DatasetId} ({Rows} rows, {Bytes} bytes, {Encoding}) stored for {OwnerId}.", dataset.Id, dataset.RowCount, size,
                    encoding.Name, ownerId);
            return new(dataset, null);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public async Task<long> StorageUsedAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.Where(d => d.OwnerId == ownerId).SumAsync(d => d.SizeBytes, cancellationToken);
    }

    /// <summary>Checks the quota and inserts the row in one serializable transaction, so two uploads cannot both take the last
    /// megabytes.</summary>
    private async Task<UploadProblem?> ReserveAndRecordAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            var used = await db.Datasets.Where(d => d.OwnerId == dataset.OwnerId).SumAsync(d => d.SizeBytes, cancellationToken);
            var available = Math.Max(0, (await quotas.LimitsAsync(db, dataset.OwnerId, cancellationToken)).StorageBytes - used);
            if (dataset.SizeBytes > available)
            {
                return UploadProblem.OverQuota(dataset.SizeBytes, available);
            }

            db.Datasets.Add(dataset);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        });
    }

    /// <summary>
    /// A large file: stored and counted against the quota now (status Checking), checked and profiled by a background
    /// job that reports its progress. If the check fails, the job removes the bytes and releases the quota.
    /// </summary>
    private async Task<IngestResult> AcceptForBackgroundCheckAsync(
        string ownerId, string fileName, DatasetKind kind, string hash, long size, DetectedEncoding encoding,
        string temporary, string? sourceLanguage, string? targetLanguage, CancellationToken cancellationToken)
    {
        var dataset = new Dataset
        {
            Id = Guid.NewGuid(),
            OwnerId = ownerId,
            Name = Path.GetFileNameWithoutExtension(fileName),
            OriginalFileName = Path.GetFileName(fileName),
            Kind = kind,
            ContentHash = hash,
            SizeBytes = size,
            Encoding = encoding.Name,
            CreatedAt = clock.GetUtcNow(),
            Status = DatasetStatus.Checking,
            SourceLanguage = sourceLanguage,
            TargetLanguage = targetLanguage,
        };
        var problem = await ReserveAndRecordAsync(dataset, cancellationToken);
        if (problem is not null)
        {
            return new(null, problem);
        }

        store.Keep(temporary, hash);
        work!.CheckDataset(dataset.Id);
        logger.LogInformation(
            "Dataset {DatasetId} ({Bytes} bytes) stored for {OwnerId}; checking in the background.", dataset.Id, size, ownerId);
        return new(dataset, null);
    }

    private static async Task<(string Hash, long Size, bool TooLarge)> CopyAsync(
        Stream content, string path, long limit, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = File.Create(path);
        var buffer = new byte[1 << 16];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            size += read;
            if (size > limit)
            {
                return (string.Empty, size, true); // stop reading: never hold more than the limit
            }

            sha.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return (Convert.ToHexStringLower(sha.GetHashAndReset()), size, false);
    }

    private static EncodingAnalysis Analyse(string path)
    {
        using var stream = File.OpenRead(path);
        var sample = new byte[Math.Min(stream.Length, 1 << 20)];
        stream.ReadExactly(sample);
        return TextEncodingDetector.Analyse(sample);
    }
}
