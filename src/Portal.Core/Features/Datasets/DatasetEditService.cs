using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Features.Storage;

namespace Portal.Core.Features.Datasets;

/// <summary>Rename, describe and delete, for the dataset's owner only. Shared bytes are removed with the last entry that uses them.</summary>
public sealed class DatasetEditService(IDbContextFactory<PortalDbContext> dbFactory, ArtefactStore store, ILogger<DatasetEditService> logger)
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxTagsLength = 500;

    /// <summary>Tags trimmed, lower-cased, without duplicates or empties, joined by commas.</summary>
    public static string? NormaliseTags(string? tags) =>
        string.IsNullOrWhiteSpace(tags) ? null
        : string.Join(',', tags.Split([',', '，', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal)) is { Length: > 0 } joined ? joined : null;

    /// <returns>null when saved; otherwise the problem (not found also for datasets of other users).</returns>
    public async Task<UploadProblem?> UpdateAsync(string ownerId, Guid id, string name, string? description, string? tags = null, CancellationToken cancellationToken = default)
    {
        var normalisedTags = NormaliseTags(tags);
        if (normalisedTags is { Length: > MaxTagsLength })
        {
            return new UploadProblem("Dataset.TagsTooLong", $"The tags may have at most {MaxTagsLength} characters.", MaxTagsLength);
        }

        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            return new UploadProblem("Dataset.NameInvalid", $"The name must have 1 to {MaxNameLength} characters.", MaxNameLength);
        }

        if (description is { Length: > MaxDescriptionLength })
        {
            return new UploadProblem("Dataset.DescriptionTooLong", $"The description may have at most {MaxDescriptionLength} characters.", MaxDescriptionLength);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Id == id && d.OwnerId == ownerId, cancellationToken);
        if (dataset is null)
        {
            return NotFound();
        }

        dataset.Name = trimmed;
        dataset.Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        dataset.Tags = normalisedTags;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<UploadProblem?> DeleteAsync(string ownerId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Id == id && d.OwnerId == ownerId, cancellationToken);
        if (dataset is null)
        {
            return NotFound();
        }

        // Runs keep pointing at their dataset (their page, clone and retry read it): refuse, and offer archiving.
        var runs = await db.Runs.Where(r => r.DatasetId == id).OrderByDescending(r => r.CreatedAt).Select(r => r.Name).ToListAsync(cancellationToken);
        if (runs.Count > 0)
        {
            var names = string.Join(", ", runs.Take(10)) + (runs.Count > 10 ? ", …" : string.Empty);
            return new UploadProblem("Dataset.InUse", $"{runs.Count} runs use this dataset ({names}). Archive it instead: it disappears from your list and from new runs, and the runs keep it.", runs.Count, names);
        }

        db.Datasets.Remove(dataset);
        await db.SaveChangesAsync(cancellationToken);
        if (!await db.Datasets.AnyAsync(d => d.ContentHash == dataset.ContentHash, cancellationToken))
        {
            var blob = store.BlobPath(dataset.ContentHash);
            if (File.Exists(blob))
            {
                File.Delete(blob);
            }
        }

        logger.LogInformation("Dataset {DatasetId} deleted by its owner {OwnerId}.", id, ownerId);
        return null;
    }

    /// <summary>Archives (or restores) a dataset: hidden from the list and from new runs, bytes and runs kept.</summary>
    public async Task<UploadProblem?> SetArchivedAsync(string ownerId, Guid id, bool archived, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.Datasets.Where(d => d.Id == id && d.OwnerId == ownerId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ArchivedAt, archived ? now : null), cancellationToken);
        return changed == 1 ? null : NotFound();
    }

    private static UploadProblem NotFound() => new("Dataset.NotFound", "There is no such dataset, or it is not yours.");
}
