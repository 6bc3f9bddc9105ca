using System.Text;
using Sylvan.Data.Csv;

namespace Portal.Core.Features.Datasets;

public sealed record TableInspection(TableProfile? Profile, UploadProblem? Problem, string Delimiter, long Rows, int Columns);

/// <summary>Reads a stored CSV/TSV once: checks the header and every row's field count, and profiles every column.</summary>
public static class TableInspector
{
    public static TableInspection Inspect(string path, DetectedEncoding encoding, CancellationToken cancellationToken = default)
    {
        if (encoding.Name is "utf-8" or "gb18030" && FirstUndecodableLine(path, encoding) is { } badLine)
        {
            return Failed(UploadProblem.Undecodable(badLine));
        }

        using var text = new StreamReader(path, encoding.Strict(), detectEncodingFromByteOrderMarks: false);
        if (encoding.PreambleLength > 0)
        {
            text.Read(); // the byte-order mark decodes to U+FEFF
        }

        var firstLine = text.Peek() is '\r' or '\n' or -1;
        if (firstLine)
        {
            return Failed(UploadProblem.NoHeader());
        }

        CsvDataReader reader;
        try
        {
            reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, BufferSize = 1 << 20 });
        }
        catch (CsvMissingHeadersException)
        {
            return Failed(UploadProblem.NoHeader());
        }

        using (reader)
        {
            var names = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim()).ToList();
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i].Length == 0)
                {
                    return Failed(UploadProblem.EmptyColumnName(i + 1));
                }
            }

            if (names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            {
                return Failed(UploadProblem.DuplicateColumnName(duplicate.Key));
            }

            var columns = names.Select((n, i) => new ColumnAccumulator(n, seed: i + 1)).ToList();
            long rows = 0;
            try
            {
                while (reader.Read())
                {
                    if ((rows & 0x3FF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    rows++;
                    if (reader.RowFieldCount != names.Count)
                    {
                        // Header is line 1; a quoted field spanning lines makes later numbers count records, not lines.
                        return Failed(UploadProblem.RaggedRow(rows + 1, names.Count, reader.RowFieldCount));
                    }

                    for (var i = 0; i < columns.Count; i++)
                    {
                        columns[i].Add(reader.GetString(i));
                    }
                }
            }
            catch (DecoderFallbackException)
            {
                return Failed(UploadProblem.Undecodable(rows + 2));
            }

            if (rows == 0)
            {
                return Failed(UploadProblem.NoRows());
            }

            var delimiter = DetectDelimiter(path, encoding);
            return new TableInspection(new TableProfile(rows, columns.Select(c => c.Build(rows)).ToList()), null, delimiter, rows, names.Count);
        }
    }

    /// <summary>UTF-8 and GB18030 never use byte 0x0A inside a character, so lines can be checked one by one for an exact line number.</summary>
    public static long? FirstUndecodableLine(string path, DetectedEncoding encoding)
    {
        var decoder = encoding.Strict();
        using var stream = File.OpenRead(path);
        stream.Position = encoding.PreambleLength;
        var buffer = new byte[1 << 20];
        var line = new List<byte>(4096);
        long number = 1;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    line.Add(buffer[i]);
                    continue;
                }

                if (!Decodes(decoder, line))
                {
                    return number;
                }

                line.Clear();
                number++;
            }
        }

        return Decodes(decoder, line) ? null : number;
    }

    private static bool Decodes(Encoding decoder, List<byte> line)
    {
        try
        {
            decoder.GetCharCount(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(line));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string DetectDelimiter(string path, DetectedEncoding encoding)
    {
        using var text = new StreamReader(path, encoding.Strict(), detectEncodingFromByteOrderMarks: true);
        var header = text.ReadLine() ?? string.Empty;
        return new[] { '\t', ',', ';', '|' }.MaxBy(d => header.Count(c => c == d)).ToString();
    }

    private static TableInspection Failed(UploadProblem problem) => new(null, problem, string.Empty, 0, 0);
}
