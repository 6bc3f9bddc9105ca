using System.Runtime.CompilerServices;
using System.Text;
using Portal.Formats;
using Sylvan.Data.Csv;

namespace Portal.Core.Features.Datasets;

public sealed record TableInspection(TableProfile? Profile, UploadProblem? Problem, string Delimiter, long Rows, int Columns);

/// <summary>Reads a stored CSV/TSV once: checks the header and every row's field count, and profiles every column.</summary>
public static class TableInspector
{
    /// <param name="progress">Told the share of the file read so far, about every batch of rows.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call reads the whole file: no slow first tier
    public static TableInspection Inspect(
        string path, DetectedEncoding encoding, CancellationToken cancellationToken = default, Action<double>? progress = null)
    {
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

        var delimiter = SniffDelimiter(path, encoding);
        CsvDataReader reader;
        try
        {
            reader = CsvDataReader.Create(text, DelimitedText.Options(delimiter, bufferSize: 1 << 20));
        }
        catch (CsvMissingHeadersException)
        {
            return Failed(UploadProblem.NoHeader());
        }
        catch (DecoderFallbackException)
        {
            return Failed(Undecodable(path, encoding, 1));
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

            // Two batches: the reader fills one while the other's columns are profiled, so the two cores overlap.
            var columns = names.Select((n, i) => new ColumnAccumulator(n, seed: i + 1)).ToList();
            var batch = new RowBatch(names.Count);
            var spare = new RowBatch(names.Count);
            Task? profiling = null;
            long rows = 0;
            try
            {
                foreach (var hasFields in DelimitedText.Records(reader))
                {
                    rows++;
                    if (!hasFields && names.Count == 1)
                    {
                        batch.AddEmpty(); // an empty line in a one-column file is a missing value
                    }
                    else if (!hasFields || reader.RowFieldCount != names.Count)
                    {
                        // Header is line 1; a quoted field spanning lines makes later numbers count records, not lines.
                        return Failed(UploadProblem.RaggedRow(rows + 1, names.Count, hasFields ? reader.RowFieldCount : 0));
                    }
                    else
                    {
                        batch.Add(reader);
                    }

                    if (batch.IsFull)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        profiling?.Wait(cancellationToken);
                        (batch, spare) = (spare, batch);
                        var full = spare;
                        profiling = Task.Run(() => full.Profile(columns), cancellationToken);
                        progress?.Invoke(Math.Min(1, text.BaseStream.Position / (double)Math.Max(1, text.BaseStream.Length)));
                    }
                }

                profiling?.Wait(cancellationToken);
                batch.Profile(columns);
            }
            catch (DecoderFallbackException)
            {
                // Only a file that fails pays for the byte scan that finds the exact line.
                return Failed(Undecodable(path, encoding, rows + 2));
            }
            catch (CsvRecordTooLargeException)
            {
                return Failed(UploadProblem.LineTooLong(rows + 2, DelimitedText.MaxRecordChars >> 20));
            }
            catch (CsvInvalidCharacterException ex) when (ex.Message.Contains("closing quote", StringComparison.Ordinal))
            {
                return Failed(UploadProblem.UnclosedQuote(rows + 2));
            }
            catch (CsvFormatException)
            {
                return Failed(UploadProblem.Malformed(rows + 2));
            }
            finally
            {
                try
                {
                    profiling?.Wait(CancellationToken.None); // never leave a batch being profiled behind a returned result
                }
                catch (AggregateException)
                {
                    // the failure that matters is the one already being reported
                }
            }

            if (rows == 0)
            {
                return Failed(UploadProblem.NoRows());
            }

            var profile = new TableProfile(rows, columns.Select(c => c.Build(rows)).ToList());
            return new TableInspection(profile, null, delimiter.ToString(), rows, names.Count);
        }
    }

    private static UploadProblem Undecodable(string path, DetectedEncoding encoding, long fallbackLine) =>
        UploadProblem.Undecodable(
            TextEncodingDetector.IsByteOriented(encoding.Name) ? FirstUndecodableLine(path, encoding) ?? fallbackLine : fallbackLine);

    /// <summary>
    /// UTF-8 and the legacy encodings never use byte 0x0A inside a character, so the file can be checked in blocks that end at a
    /// line break, and only a block that fails is searched line by line for the exact line number.
    /// </summary>
    public static long? FirstUndecodableLine(string path, DetectedEncoding encoding)
    {
        var decoder = encoding.Strict();
        using var stream = File.OpenRead(path);
        stream.Position = encoding.PreambleLength;
        var buffer = new byte[1 << 20];
        var carried = 0;
        long linesBefore = 0;
        while (true)
        {
            var read = stream.Read(buffer, carried, buffer.Length - carried);
            var length = carried + read;
            if (length == 0)
            {
                return null;
            }

            var end = read == 0 ? length : buffer.AsSpan(0, length).LastIndexOf((byte)'\n') + 1;
            if (end == 0)
            {
                end = length; // one line longer than the buffer: check it as it is
            }

            var block = buffer.AsSpan(0, end);
            if (!Decodes(decoder, block))
            {
                foreach (var range in block.Split((byte)'\n'))
                {
                    linesBefore++;
                    if (!Decodes(decoder, block[range]))
                    {
                        return linesBefore;
                    }
                }
            }

            linesBefore += block.Count((byte)'\n');
            carried = length - end;
            buffer.AsSpan(end, carried).CopyTo(buffer);
            if (read == 0 && carried == 0)
            {
                return null;
            }
        }
    }

    private static bool Decodes(Encoding decoder, ReadOnlySpan<byte> bytes)
    {
        try
        {
            decoder.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static char SniffDelimiter(string path, DetectedEncoding encoding)
    {
        using var text = new StreamReader(path, encoding.Strict(), detectEncodingFromByteOrderMarks: true);
        try
        {
            return DelimitedText.Sniff(text);
        }
        catch (DecoderFallbackException)
        {
            return ','; // the full read reports the line that does not decode
        }
    }

    private static TableInspection Failed(UploadProblem problem) => new(null, problem, string.Empty, 0, 0);

    /// <summary>
    /// Rows copied out of the reader's buffer (one char array, offsets per field), so the columns can be profiled on
    /// all cores at once: the reader is sequential, the columns are independent.
    /// </summary>
    private sealed class RowBatch(int width)
    {
        private const int Rows = 4096;
        private readonly int[] starts = new int[Rows * width];
        private readonly int[] lengths = new int[Rows * width];
        private char[] text = new char[1 << 20];
        private int used;
        private int count;

        public bool IsFull => count == Rows;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(CsvDataReader reader)
        {
            for (var i = 0; i < width; i++)
            {
                var field = reader.GetFieldSpan(i);
                if (used + field.Length > text.Length)
                {
                    Array.Resize(ref text, Math.Max(text.Length * 2, used + field.Length));
                }

                field.CopyTo(text.AsSpan(used));
                starts[count * width + i] = used;
                lengths[count * width + i] = field.Length;
                used += field.Length;
            }

            count++;
        }

        public void AddEmpty()
        {
            for (var i = 0; i < width; i++)
            {
                starts[count * width + i] = used;
                lengths[count * width + i] = 0;
            }

            count++;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Profile(IReadOnlyList<ColumnAccumulator> columns)
        {
            Parallel.For(0, columns.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c =>
            {
                for (var r = 0; r < count; r++)
                {
                    columns[c].Add(text.AsSpan(starts[r * width + c], lengths[r * width + c]));
                }
            });
            used = 0;
            count = 0;
        }
    }
}
