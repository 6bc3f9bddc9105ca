using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Storage;
using Portal.Formats;
using Sylvan.Data.Csv;

namespace Portal.Core.Features.Datasets;

public enum DatasetSort
{
    CreatedDescending,
    CreatedAscending,
    NameAscending,
    SizeDescending,
    RowsDescending,
}

/// <summary>Which datasets a list holds: all the caller may read, the ones they may train on and edit, or only their own.</summary>
public enum DatasetScope
{
    Readable,
    Editable,
    Own,
}

public sealed record DatasetPage(IReadOnlyList<Dataset> Items, int Total);

public sealed record PreviewPage(IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows, long FirstRow, long TotalRows);

/// <summary>
/// Reads datasets for those the access policy lets read them (the owner and the members of its project): anyone else
/// gets nothing, not even whether the dataset exists.
/// </summary>
public sealed class DatasetQueryService(IDbContextFactory<PortalDbContext> dbFactory, ArtefactStore store)
{
    public async Task<DatasetPage> ListAsync(
        string userId, string? search, DatasetSort sort, int page, int pageSize, CancellationToken cancellationToken = default,
            bool archived = false, DatasetScope scope = DatasetScope.Readable, DatasetKind? kind = null, Guid? projectId = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var visible = scope switch
        {
            DatasetScope.Own => db.Datasets.Where(d => d.OwnerId == userId),
            DatasetScope.Editable => Access.AccessPolicy.EditableDatasets(db, userId),
            _ => Access.AccessPolicy.ReadableDatasets(db, userId),
        };
        var query = visible.AsNoTracking().Where(d => (d.ArchivedAt != null) == archived);
        if (kind is { } wanted)
        {
            query = query.Where(d => d.Kind == wanted);
        }

        if (projectId is { } project)
        {
            query = query.Where(d => d.ProjectId == project);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            // Lower-cased on both sides: the same case-insensitive search on SQLite, SQL Server and PostgreSQL.
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(d => d.Name.ToLower().Contains(term) || d.OriginalFileName.ToLower().Contains(term)
                || (d.Description != null && d.Description.ToLower().Contains(term)) || (d.Tags != null && d.Tags.Contains(term)));
        }

        query = sort switch
        {
            DatasetSort.CreatedAscending => query.OrderBy(d => d.CreatedAt),
            DatasetSort.NameAscending => query.OrderBy(d => d.Name),
            DatasetSort.SizeDescending => query.OrderByDescending(d => d.SizeBytes),
            DatasetSort.RowsDescending => query.OrderByDescending(d => d.RowCount),
            _ => query.OrderByDescending(d => d.CreatedAt),
        };

        var total = await query.CountAsync(cancellationToken);
        var items = await query.Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 200)).ToListAsync(cancellationToken);
        return new DatasetPage(items, total);
    }

    /// <summary>The account names of the given users (uploaders of project datasets in a list).</summary>
    public async Task<IReadOnlyDictionary<string, string>> OwnerNamesAsync(
        IReadOnlyList<string> userIds, CancellationToken cancellationToken = default)
    {
        if (userIds.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(
            u => u.Id, u => u.UserName ?? u.Email ?? "?", cancellationToken);
    }

    /// <summary>The dataset if the caller may read it (see <see cref="Access.AccessPolicy"/>); null exactly as for an id that does not
    /// exist.</summary>
    public async Task<Dataset?> FindAsync(string userId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Access.AccessPolicy.ReadableDatasets(db, userId).AsNoTracking().FirstOrDefaultAsync(
            d => d.Id == id, cancellationToken);
    }

    public static TableProfile? Profile(Dataset dataset) =>
        dataset.ProfileJson is null || dataset.Kind is DatasetKind.TaggedCorpus || IsJsonLines(dataset) ? null
            : JsonSerializer.Deserialize<TableProfile>(dataset.ProfileJson);

    public static CorpusProfile? Corpus(Dataset dataset) =>
        dataset.ProfileJson is not null && dataset.Kind is DatasetKind.TaggedCorpus ? JsonSerializer.Deserialize<CorpusProfile>(
            dataset.ProfileJson) : null;

    public static TextProfile? Texts(Dataset dataset) =>
        dataset.ProfileJson is not null && IsJsonLines(dataset) ? JsonSerializer.Deserialize<TextProfile>(dataset.ProfileJson) : null;

    public static LabelledTextProfile? Labelled(Dataset dataset) =>
        dataset.Kind == DatasetKind.LabelledText && dataset.ContentProfileJson is { } json
            ? JsonSerializer.Deserialize<LabelledTextProfile>(json) : null;

    public static ParallelProfile? Parallel(Dataset dataset) =>
        dataset.Kind == DatasetKind.ParallelText && dataset.ContentProfileJson is { } json ? JsonSerializer.Deserialize<ParallelProfile>(
            json) : null;

    public static UploadProblem? Problem(Dataset dataset) =>
        dataset.ProblemJson is { } json ? JsonSerializer.Deserialize<UploadProblem>(json) : null;

    /// <summary>Only tables can be previewed as a grid.</summary>
    public static bool IsTable(Dataset dataset) => dataset.Kind is not DatasetKind.TaggedCorpus && !IsJsonLines(dataset);

    public static bool IsJsonLines(Dataset dataset) => dataset.OriginalFileName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

    /// <summary>One page of the stored file, read from the blob without loading the rest.</summary>
    public async Task<PreviewPage?> PreviewAsync(
        string ownerId, Guid id, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var dataset = await FindAsync(ownerId, id, cancellationToken);
        if (dataset is null || !IsTable(dataset) || dataset.Status != DatasetStatus.Ready)
        {
            return null;
        }

        pageSize = Math.Clamp(pageSize, 1, 500);
        var first = (long)Math.Max(0, page) * pageSize;
        using var text = new StreamReader(
            store.BlobPath(dataset.ContentHash), TextEncodingDetector.Strict(dataset.Encoding), detectEncodingFromByteOrderMarks: true);
        using var reader = CsvDataReader.Create(text, DelimitedText.Options(DelimitedText.Delimiter(dataset.Delimiter)));
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<string?[]>();
        long row = 0;
        foreach (var hasFields in DelimitedText.Records(reader))
        {
            if (row++ < first)
            {
                continue;
            }

            rows.Add(
                Enumerable.Range(0, columns.Count).Select(
                    i => hasFields && i < reader.RowFieldCount ? reader.GetString(i) : null).ToArray());
            if (rows.Count == pageSize)
            {
                break;
            }
        }

        return new PreviewPage(columns, rows, first, dataset.RowCount);
    }
}
