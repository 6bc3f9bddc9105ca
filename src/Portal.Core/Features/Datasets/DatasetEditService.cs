using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Storage;

namespace Portal.Core.Features.Datasets;

/// <summary>
/// Rename and describe (Edit), delete and archive (Delete), as the access policy allows: the owner, and project members
/// by role. Shared bytes are removed with the last entry that uses them.
/// </summary>
/// <remarks>Every change is audited here, whichever page or endpoint asked for it.</remarks>
public sealed class DatasetEditService(
    IDbContextFactory<PortalDbContext> dbFactory,
    ArtefactStore store,
    Access.AccessPolicy access,
    Projects.ProjectService projects,
    AuditLog audit,
    ILogger<DatasetEditService> logger)
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
    public async Task<UploadProblem?> UpdateAsync(
        string ownerId, Guid id, string name, string? description, string? tags = null, CancellationToken cancellationToken = default) =>
        await AuditedAsync(
            AuditActions.DatasetUpdate, ownerId, id, await SaveAsync(ownerId, id, name, description, tags, cancellationToken),
            name.Trim(), cancellationToken);

    private async Task<UploadProblem?> SaveAsync(
        string ownerId, Guid id, string name, string? description, string? tags, CancellationToken cancellationToken)
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
            return new UploadProblem(
                "Dataset.DescriptionTooLong", $"The description may have at most {MaxDescriptionLength} characters.", MaxDescriptionLength);
        }

        if (!await access.AllowsDatasetAsync(ownerId, id, Access.Operation.Edit, cancellationToken))
        {
            return NotFound();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.FirstAsync(d => d.Id == id, cancellationToken);
        dataset.Name = trimmed;
        dataset.Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        dataset.Tags = normalisedTags;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<UploadProblem?> DeleteAsync(string ownerId, Guid id, CancellationToken cancellationToken = default)
    {
        var name = await NameAsync(id, cancellationToken);
        return await AuditedAsync(
            AuditActions.DatasetDelete, ownerId, id, await RemoveAsync(ownerId, id, cancellationToken), name, cancellationToken);
    }

    private async Task<UploadProblem?> RemoveAsync(string ownerId, Guid id, CancellationToken cancellationToken)
    {
        if (!await access.AllowsDatasetAsync(ownerId, id, Access.Operation.Delete, cancellationToken))
        {
            return NotFound();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.FirstAsync(d => d.Id == id, cancellationToken);

        // Runs keep pointing at their dataset (their page, clone and retry read it): refuse, and offer archiving.
        var runs = await db.Runs.Where(r => r.DatasetId == id).OrderByDescending(r => r.CreatedAt).Select(r => r.Name).ToListAsync(
            cancellationToken);
        if (runs.Count > 0)
        {
            var names = string.Join(", ", runs.Take(10)) + (runs.Count > 10 ? ", …" : string.Empty);
            return new UploadProblem(
                "Dataset.InUse",
                    $"{runs.Count} runs use this dataset ({names}). Archive it instead: it disappears from your list and from new runs, " +
                    $"and the runs keep it.", runs.Count, names);
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

        logger.LogInformation("Dataset {DatasetId} deleted by {UserId}.", id, ownerId);
        return null;
    }

    /// <summary>Archives (or restores) a dataset: hidden from the list and from new runs, bytes and runs kept.</summary>
    public async Task<UploadProblem?> SetArchivedAsync(
        string ownerId, Guid id, bool archived, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await AuditedAsync(archived ? AuditActions.DatasetArchive : AuditActions.DatasetRestore, ownerId, id,
            await ArchiveAsync(ownerId, id, archived, now, cancellationToken), await NameAsync(id, cancellationToken), cancellationToken);

    private async Task<UploadProblem?> ArchiveAsync(
        string ownerId, Guid id, bool archived, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await access.AllowsDatasetAsync(ownerId, id, Access.Operation.Delete, cancellationToken))
        {
            return NotFound();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.Datasets.Where(d => d.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ArchivedAt, archived ? now : null), cancellationToken);
        return changed == 1 ? null : NotFound();
    }

    /// <summary>
    /// Puts a dataset in a project (null: back to the owner's personal space). Needs the Delete right on the dataset —
    /// moving it changes who can see it — and the Editor or Owner role in the target project.
    /// </summary>
    public async Task<UploadProblem?> MoveToProjectAsync(
        string userId, Guid id, Guid? projectId, CancellationToken cancellationToken = default)
    {
        var problem = await MoveAsync(userId, id, projectId, cancellationToken);
        var to = projectId is { } p && await projects.FindAsync(userId, p, cancellationToken) is { } project ? project.Name
            : Projects.ProjectService.PersonalName;
        return await AuditedAsync(AuditActions.DatasetMove, userId, id, problem, $"to {to}", cancellationToken);
    }

    private async Task<UploadProblem?> MoveAsync(string userId, Guid id, Guid? projectId, CancellationToken cancellationToken)
    {
        if (!await access.AllowsDatasetAsync(userId, id, Access.Operation.Delete, cancellationToken))
        {
            return NotFound();
        }

        var target = projectId is { } p ? await projects.FindAsync(userId, p, cancellationToken) : null;
        if (projectId is not null && target is null)
        {
            return new UploadProblem("Project.NotFound", "There is no such project you can add datasets to.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var value = target is { IsPersonal: false } ? target.Id : (Guid?)null;
        await db.Datasets.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.ProjectId, value), cancellationToken);
        return null;
    }

    private async Task<UploadProblem?> AuditedAsync(
        string action, string userId, Guid id, UploadProblem? problem, string? detail, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(action, userId, id.ToString(), problem is null, problem is null ? detail : $"{detail}: {problem.Code}",
            cancellationToken: cancellationToken);
        return problem;
    }

    private async Task<string?> NameAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.Where(d => d.Id == id).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
    }

    private static UploadProblem NotFound() => new("Dataset.NotFound", "There is no such dataset, or you may not change it.");
}
