using System.Globalization;
using System.Text;

namespace Portal.Core.Features.Exports;

/// <summary>
/// CSV that is safe to open in spreadsheet programs: a cell starting with =, +, -, @, tab or carriage return is
/// prefixed with an apostrophe so it is shown as text and never run as a formula (OWASP "CSV injection"); fields are
/// quoted when needed; UTF-8 with a byte-order mark so Excel reads Chinese correctly.
/// </summary>
public sealed class SpreadsheetCsv
{
    private readonly StringBuilder text = new();

    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public SpreadsheetCsv Row(params object?[] cells)
    {
        text.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        return this;
    }

    public static string Cell(object? value)
    {
        var s = value switch
        {
            null => string.Empty,
            DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        if (s.Length > 0 && value is not IFormattable && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            s = "'" + s;
        }

        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }

    public byte[] ToBytes() => [.. Encoding.GetPreamble(), .. Encoding.GetBytes(text.ToString())];

    public override string ToString() => text.ToString();
}
