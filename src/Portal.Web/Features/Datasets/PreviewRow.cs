namespace Portal.Web.Features.Datasets;

/// <summary>A row of the stored file as the preview shows it: its 1-based number and its fields.</summary>
public sealed record PreviewRow(long Number, IReadOnlyList<string?> Values);
