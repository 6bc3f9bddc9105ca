using System.Text;
using System.Text.Unicode;

namespace Portal.Core.Features.Datasets;

/// <summary>The text encoding of an uploaded file, and the byte-order mark to skip.</summary>
public sealed record DetectedEncoding(string Name, int PreambleLength)
{
    public Encoding Strict() => TextEncodingDetector.Strict(Name);
}

/// <summary>
/// UTF-8 (with or without BOM), UTF-16 (BOM, or the zero bytes of mostly-ASCII text) and GB18030, which covers GBK:
/// what Chinese Excel exports use. Strict decoding: bytes that are not text are reported, never replaced.
/// </summary>
public static class TextEncodingDetector
{
    static TextEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Strict(string name) => name switch
    {
        "utf-8" => new UTF8Encoding(false, throwOnInvalidBytes: true),
        "utf-16le" => new UnicodeEncoding(false, false, throwOnInvalidBytes: true),
        "utf-16be" => new UnicodeEncoding(true, false, throwOnInvalidBytes: true),
        "gb18030" => Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown encoding."),
    };

    /// <returns>The encoding, or null when the sample is valid in none of them.</returns>
    public static DetectedEncoding? Detect(ReadOnlySpan<byte> sample)
    {
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new("utf-8", 3);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new("utf-16le", 2);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new("utf-16be", 2);
        }

        var (evenZeros, oddZeros) = (0, 0);
        var probe = Math.Min(sample.Length, 4096) & ~1;
        for (var i = 0; i < probe; i += 2)
        {
            evenZeros += sample[i] == 0 ? 1 : 0;
            oddZeros += sample[i + 1] == 0 ? 1 : 0;
        }

        if (probe > 0 && oddZeros > probe / 6 && evenZeros < probe / 40)
        {
            return new("utf-16le", 0);
        }

        if (probe > 0 && evenZeros > probe / 6 && oddZeros < probe / 40)
        {
            return new("utf-16be", 0);
        }

        if (Utf8.IsValid(WithoutCutCharacter(sample)))
        {
            return new("utf-8", 0);
        }

        try
        {
            Strict("gb18030").GetCharCount(WithoutCutGb18030(sample));
            return new("gb18030", 0);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    // A sample cut from a larger file may end inside a multi-byte character; drop that tail before validating.
    private static ReadOnlySpan<byte> WithoutCutCharacter(ReadOnlySpan<byte> sample)
    {
        for (var back = 1; back <= Math.Min(3, sample.Length); back++)
        {
            var b = sample[^back];
            if ((b & 0xC0) == 0xC0)
            {
                var needed = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
                return needed > back ? sample[..^back] : sample;
            }

            if ((b & 0x80) == 0)
            {
                return sample;
            }
        }

        return sample;
    }

    private static ReadOnlySpan<byte> WithoutCutGb18030(ReadOnlySpan<byte> sample)
    {
        // Cut back to the last ASCII byte: GB18030 multi-byte sequences never contain bytes below 0x30.
        var last = sample.LastIndexOfAnyInRange((byte)0x00, (byte)0x2F);
        return last < 0 ? sample : sample[..(last + 1)];
    }
}
