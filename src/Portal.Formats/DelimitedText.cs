using Sylvan.Data.Csv;

namespace Portal.Formats;

/// <summary>
/// The one way every reader of a stored or uploaded CSV/TSV (upload checks, profile, preview, training, scoring) sets up
/// the parser, chooses the delimiter and walks the rows, so that a file is read the same everywhere.
/// </summary>
public static class DelimitedText
{
    /// <summary>
    /// The parser skips lines that begin with its comment character ('#' by default), which silently drops real rows
    /// ("#1 priority", hashtags). CSV has no comments; a lone low surrogate can never begin a record of strictly decoded
    /// text (it only ever follows a high surrogate), so using it as the comment character turns comments off.
    /// </summary>
    private const char NoComment = '\uDFFF';

    public static readonly char[] Candidates = ['\t', ',', ';', '|'];

    /// <summary>The longest record the parser holds; longer lines are refused with their line number, not a crash.</summary>
    public const int MaxRecordChars = 64 << 20;

    /// <param name="delimiter">The stored delimiter; null lets the parser detect it from the header.</param>
    public static CsvDataReaderOptions Options(char? delimiter = null, int bufferSize = 1 << 16) => new()
    {
        HasHeaders = true,
        Delimiter = delimiter,
        Comment = NoComment,
        BufferSize = bufferSize,
        MaxBufferSize = MaxRecordChars,
    };

    /// <summary>The stored delimiter ("," "\t" ";" "|") as a character; a comma when none is stored.</summary>
    public static char Delimiter(string? stored) => stored is { Length: 1 } d ? d[0] : ',';

    /// <summary>
    /// The records of the file, in order. A line that is entirely empty yields false (no fields to read) when more rows
    /// follow it, so row numbers stay those of the user's file; empty lines at the end of the file are not rows.
    /// </summary>
    public static IEnumerable<bool> Records(CsvDataReader reader)
    {
        var pendingBlank = 0;
        while (reader.Read())
        {
            if (reader.RowFieldCount <= 1 && reader.GetFieldSpan(0).IsEmpty)
            {
                pendingBlank++;
                continue;
            }

            for (; pendingBlank > 0; pendingBlank--)
            {
                yield return false;
            }

            yield return true;
        }
    }

    /// <summary>
    /// The delimiter from the first lines (quotes respected): the candidate the header holds that splits the following
    /// lines into as many fields as the header; a header with none of them is one column, read with the candidate that
    /// occurs least in the data so that no cell is split ("see note; page 2").
    /// </summary>
    public static char Sniff(TextReader text, int maxLines = 500)
    {
        var lines = CountPerLine(text, maxLines);
        if (lines.Count == 0)
        {
            return ',';
        }

        var header = lines[0];
        var data = lines.Skip(1).ToList();
        var inHeader = Enumerable.Range(0, Candidates.Length).Where(c => header[c] > 0).ToList();
        if (inHeader.Count == 0)
        {
            return Candidates[Enumerable.Range(0, Candidates.Length).MinBy(c => (data.Sum(l => l[c]), c == 1 ? 0 : 1))];
        }

        // Share of data lines with exactly the header's count; ties go to the candidate the header holds more of.
        return Candidates[inHeader
            .OrderByDescending(c => data.Count == 0 ? 1 : data.Count(l => l[c] == header[c]) / (double)data.Count)
            .ThenByDescending(c => header[c])
            .First()];
    }

    private static List<int[]> CountPerLine(TextReader text, int maxLines)
    {
        var lines = new List<int[]>();
        var counts = new int[Candidates.Length];
        var quoted = false;
        var any = false;
        var budget = 4 << 20; // characters: a file of a few enormous lines is judged on what fits
        int c;
        while (lines.Count < maxLines && budget-- > 0 && (c = text.Read()) != -1)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                if (c == '\r' && text.Peek() == '\n')
                {
                    text.Read();
                }

                if (any)
                {
                    lines.Add(counts);
                }

                counts = new int[Candidates.Length];
                any = false;
                continue;
            }
            else if (!quoted && Array.IndexOf(Candidates, (char)c) is var i and >= 0)
            {
                counts[i]++;
            }

            any = true;
        }

        if (any)
        {
            lines.Add(counts);
        }

        return lines;
    }
}
