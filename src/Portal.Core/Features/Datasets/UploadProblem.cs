namespace Portal.Core.Features.Datasets;

/// <summary>
/// Why an upload was refused. <see cref="Code"/> selects the translated message and <see cref="Arguments"/> fill it
/// (line numbers, counts, names); <see cref="Message"/> is the English text for logs and the API.
/// </summary>
public sealed record UploadProblem(string Code, string Message, params object[] Arguments)
{
    public static UploadProblem Empty() => new("Upload.Empty", "The file is empty.");

    public static UploadProblem TooLarge(long limit) => new("Upload.TooLarge", $"The file is larger than the limit of {limit / (1024 * 1024)} MB.", limit / (1024 * 1024));

    public static UploadProblem OverQuota(long needed, long available) =>
        new("Upload.OverQuota", $"The file needs {Megabytes(needed)} MB but only {Megabytes(available)} MB of your storage quota is left.", Megabytes(needed), Megabytes(available));

    public static UploadProblem Undecodable(long line) =>
        new("Upload.Undecodable", $"Line {line} contains bytes that are not valid text in UTF-8, UTF-16 or GB18030.", line);

    public static UploadProblem NoHeader() => new("Table.NoHeader", "The first line is empty; a header row with column names is required.");

    public static UploadProblem EmptyColumnName(int column) => new("Table.EmptyColumnName", $"Column {column} has no name in the header row.", column);

    public static UploadProblem DuplicateColumnName(string name) => new("Table.DuplicateColumnName", $"The column name '{name}' appears more than once in the header row.", name);

    public static UploadProblem RaggedRow(long line, int expected, int found) =>
        new("Table.RaggedRow", $"Line {line} has {found} fields; the header has {expected}.", line, expected, found);

    public static UploadProblem NoRows() => new("Table.NoRows", "The file has a header row but no data rows.");

    private static long Megabytes(long bytes) => (long)Math.Ceiling(bytes / (1024.0 * 1024));
}
