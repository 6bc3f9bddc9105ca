namespace Portal.Core.Features.Datasets;

/// <summary>
/// Why an upload was refused. <see cref="Code"/> selects the translated message and <see cref="Arguments"/> fill it
/// (line numbers, counts, names); <see cref="Message"/> is the English text for logs and the API.
/// </summary>
public sealed record UploadProblem(string Code, string Message, params object[] Arguments)
{
    public static UploadProblem Empty() => new("Upload.Empty", "The file is empty.");

    public static UploadProblem TooLarge(long limit) => new(
        "Upload.TooLarge", $"The file is larger than the limit of {limit / (1024 * 1024)} MB.", limit / (1024 * 1024));

    public static UploadProblem OverQuota(long needed, long available) =>
        new("Upload.OverQuota", $"The file needs {Megabytes(needed)} MB but only {Megabytes(available)} MB of your storage quota is left.",
            Megabytes(needed), Megabytes(available));

    public static UploadProblem Undecodable(long line) =>
        new("Upload.Undecodable", $"Line {line} contains bytes that are not valid text in UTF-8, UTF-16 or GB18030.", line);

    public static UploadProblem BadUtf8(long line) =>
        new("Upload.BadUtf8", $"Line {line} has bytes that are not valid UTF-8 in a file that is otherwise UTF-8.", line);

    public static UploadProblem EncodingUncertain(IEnumerable<string> candidates) =>
        new("Upload.EncodingUncertain",
            $"The file's encoding is not clear; it reads as {string.Join(", ", candidates)}. Choose the one that shows the text correctly.",
            string.Join(", ", candidates));

    public static UploadProblem UnknownEncoding(string name) =>
        new("Upload.UnknownEncoding", $"'{name}' is not an encoding the portal reads.", name);

    public static UploadProblem NoHeader() => new("Table.NoHeader", "The first line is empty; a header row with column names is required.");

    public static UploadProblem EmptyColumnName(int column) => new(
        "Table.EmptyColumnName", $"Column {column} has no name in the header row.", column);

    public static UploadProblem DuplicateColumnName(string name) => new(
        "Table.DuplicateColumnName", $"The column name '{name}' appears more than once in the header row.", name);

    public static UploadProblem RaggedRow(long line, int expected, int found) =>
        new("Table.RaggedRow", $"Line {line} has {found} fields; the header has {expected}.", line, expected, found);

    public static UploadProblem UnclosedQuote(long line) =>
        new("Table.UnclosedQuote", $"The quoted field that starts on line {line} is never closed with a second \".", line);

    public static UploadProblem LineTooLong(long line, long megabytes) =>
        new("Table.LineTooLong", $"Line {line} is longer than {megabytes} MB; no row may be that long.", line, megabytes);

    public static UploadProblem Malformed(long line) =>
        new("Table.Malformed",
            $"Line {line} has a quote in the wrong place: a quoted field must be closed before the next delimiter or line end, "
            + "and a quote inside it doubled (\"\").",
            line);

    public static UploadProblem CheckFailed(string reason) =>
        new("Upload.CheckFailed", $"The file could not be checked: {reason}", reason);

    public static UploadProblem CheckInterrupted(int attempts) =>
        new("Upload.CheckInterrupted",
            $"The check of the file was interrupted {attempts} times (the worker stopped); it was not tried again.", attempts);

    public static UploadProblem NoRows() => new("Table.NoRows", "The file has a header row but no data rows.");

    private static long Megabytes(long bytes) => (long)Math.Ceiling(bytes / (1024.0 * 1024));
}
