using Portal.Training.Data;

namespace Portal.Runs.Scoring;

/// <summary>
/// What every predictions file starts each row with, so it joins back to the user's file however many rows were refused:
/// the row number (1-based, the first row under the header is 1) and, when the user named one, their id column.
/// </summary>
public sealed class RowKeys
{
    private readonly string?[]? ids;

    private RowKeys(string? idColumn, string?[]? ids)
    {
        this.ids = ids;
        Header = idColumn is null ? ["row"] : ["row", idColumn];
    }

    public IReadOnlyList<string> Header { get; }

    public static RowKeys For(TabularData data, string? idColumn)
    {
        if (idColumn is null)
        {
            return new RowKeys(null, null);
        }

        if (!data.HasColumn(idColumn))
        {
            throw new InvalidDataException($"The file has no column '{idColumn}', which you named as the id column.");
        }

        return new RowKeys(idColumn, data.Column(idColumn));
    }

    /// <param name="row">The 0-based index of the row among the file's data rows.</param>
    public object?[] Of(int row) => ids is null ? [row + 1] : [row + 1, ids[row]];
}
