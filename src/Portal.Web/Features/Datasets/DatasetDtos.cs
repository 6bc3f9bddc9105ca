using Portal.Core.Features.Access;
using Portal.Core.Features.Datasets;

namespace Portal.Web.Features.Datasets;

/// <summary>A dataset as a script reads it: what it is, where it came from, and its shape.</summary>
public record DatasetDto(
    Guid Id,
    string Name,
    string? Description,
    Guid? ProjectId,
    string Kind,
    string OriginalFileName,
    string ContentHash,
    long SizeBytes,
    string Encoding,
    string? Delimiter,
    long RowCount,
    int ColumnCount,
    DateTimeOffset CreatedAt)
{
    public static DatasetDto From(Dataset d) => new(
        d.Id, d.Name, d.Description, d.ProjectId, d.Kind.ToString(), d.OriginalFileName, d.ContentHash, d.SizeBytes, d.Encoding,
        d.Delimiter, d.RowCount, d.ColumnCount, d.CreatedAt);
}

/// <summary>An encoding a refused upload may be sent again in, with how sure the portal is and a preview of the text.</summary>
public sealed record EncodingChoiceDto(string Name, double Confidence, IReadOnlyList<string> Preview);

/// <summary>One page of datasets: how many match in all, which page this is, and its items.</summary>
public sealed record DatasetListDto(int Total, int Page, int PageSize, IReadOnlyList<DatasetDto> Items);

/// <summary>
/// A dataset with what the caller may do with it and its profile as the portal computed it: <c>profile</c> for tables
/// (columns, types, statistics), corpora and text files; <c>contentProfile</c> for labelled or parallel text (which columns
/// mean what); <c>problem</c> when the background check refused it.
/// </summary>
public sealed record DatasetDetailDto(
    Dataset Entry,
    string Status,
    double Progress,
    string? Tags,
    DateTimeOffset? ArchivedAt,
    string? SourceLanguage,
    string? TargetLanguage,
    DatasetRightsDto Rights,
    object? Profile,
    object? ContentProfile,
    UploadProblemDto? Problem) : DatasetDto(DatasetDto.From(Entry))
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Dataset Entry { get; } = Entry;

    public static DatasetDetailDto From(Dataset d, Rights rights) => new(
        d, d.Status.ToString(), d.Progress, d.Tags, d.ArchivedAt, d.SourceLanguage, d.TargetLanguage,
        new DatasetRightsDto(rights.Edit, rights.Delete, rights.Download),
        (object?)DatasetQueryService.Profile(d) ?? (object?)DatasetQueryService.Corpus(d) ?? DatasetQueryService.Texts(d),
        (object?)DatasetQueryService.Labelled(d) ?? DatasetQueryService.Parallel(d),
        DatasetQueryService.Problem(d) is { } p ? new UploadProblemDto(p.Code, p.Message) : null);
}

public sealed record DatasetRightsDto(bool Edit, bool Delete, bool Download);

public sealed record UploadProblemDto(string Code, string Message);

/// <summary>Rows of a table as stored; <c>firstRow</c> is the number of the first (1 = the line after the header).</summary>
public sealed record DatasetPreviewDto(IReadOnlyList<string> Columns, long FirstRow, long TotalRows, IReadOnlyList<string?[]> Rows)
{
    public static DatasetPreviewDto From(PreviewPage page) => new(page.Columns, page.FirstRow + 1, page.TotalRows, page.Rows);
}
