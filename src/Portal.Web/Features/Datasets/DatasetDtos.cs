using Portal.Core.Features.Datasets;

namespace Portal.Web.Features.Datasets;

/// <summary>A dataset as a script reads it: what it is, where it came from, and its shape.</summary>
public sealed record DatasetDto(
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
