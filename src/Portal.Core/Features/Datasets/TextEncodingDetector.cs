using System.Text;
using System.Text.Unicode;

namespace Portal.Core.Features.Datasets;

/// <summary>The text encoding of an uploaded file, and the byte-order mark to skip.</summary>
public sealed record DetectedEncoding(string Name, int PreambleLength)
{
    public Encoding Strict() => TextEncodingDetector.Strict(Name);
}

/// <summary>A legacy encoding the file may be in, how sure the detector is (0–1), and the first lines as it would read them.</summary>
public sealed record EncodingCandidate(string Name, double Confidence, IReadOnlyList<string> Preview);

/// <summary>
/// What the bytes say: one encoding for sure; or UTF-8 with bytes that are not UTF-8 (refuse, naming the line); or
/// several legacy encodings that would all read the file, none clearly (ask the user, showing each one's reading).
/// </summary>
public sealed record EncodingAnalysis(DetectedEncoding? Sure, bool MalformedUtf8, IReadOnlyList<EncodingCandidate> Candidates);

/// <summary>
/// Unicode (UTF-8, UTF-16, UTF-32, by byte-order mark or by shape) for sure; otherwise the legacy encodings of the
/// customer's partners — GB18030 (covers GBK), Big5, Shift-JIS, EUC-JP, EUC-KR, Windows-1250…1258, KOI8-R — ranked
/// by a kept detector (UTF.Unknown, a port of Mozilla's uchardet) and taken only when it is clearly sure. Strict
/// decoding: bytes that are not text are reported, never replaced.
/// </summary>
public static class TextEncodingDetector
{
    /// <summary>Below this the detector's best guess is not taken silently.</summary>
    public const double SureConfidence = 0.75;

    /// <summary>Below this an encoding that merely decodes the bytes is not offered: it is not evidence of text.</summary>
    public const double OfferConfidence = 0.2;

    public static readonly IReadOnlyList<string> Legacy =
    [
        "gb18030", "big5", "shift_jis", "euc-jp", "euc-kr", "windows-1252", "windows-1250", "windows-1251", "windows-1253",
        "windows-1254", "windows-1255", "windows-1256", "windows-1257", "windows-1258", "koi8-r",
    ];

    static TextEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static bool IsKnown(string name) => name is "utf-8" or "utf-16le" or "utf-16be" or "utf-32le" or "utf-32be" || Legacy.Contains(
        name);

    /// <summary>Encodings in which byte 0x0A is only ever a line feed, so a file can be checked line by line in bytes.</summary>
    public static bool IsByteOriented(string name) =>
        !name.StartsWith("utf-16", StringComparison.Ordinal) && !name.StartsWith("utf-32", StringComparison.Ordinal);

    public static Encoding Strict(string name) => name switch
    {
        "utf-8" => new UTF8Encoding(false, throwOnInvalidBytes: true),
        "utf-16le" => new UnicodeEncoding(false, false, throwOnInvalidBytes: true),
        "utf-16be" => new UnicodeEncoding(true, false, throwOnInvalidBytes: true),
        "utf-32le" => new UTF32Encoding(false, false, throwOnInvalidCharacters: true),
        "utf-32be" => new UTF32Encoding(true, false, throwOnInvalidCharacters: true),
        _ when Legacy.Contains(name) => Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown encoding."),
    };

    /// <returns>The encoding when it is sure, or null (malformed UTF-8, undecodable, or a choice for the user).</returns>
    public static DetectedEncoding? Detect(ReadOnlySpan<byte> sample) => Analyse(sample).Sure;

    public static EncodingAnalysis Analyse(ReadOnlySpan<byte> sample)
    {
        if (Unicode(sample) is { } unicode)
        {
            return new(unicode, false, []);
        }

        if (Utf8.IsValid(WithoutCutCharacter(sample)))
        {
            return new(new("utf-8", 0), false, []);
        }

        if (ShapedLikeUtf8(WithoutCutCharacter(sample)))
        {
            return new(null, true, []); // overlong forms, encoded surrogates (CESU-8), stray bytes in UTF-8 text
        }

        var whole = WholeLines(sample).ToArray();
        var detected = UtfUnknown.CharsetDetector.DetectFromBytes(whole).Details
            .Select(d => (Name: Map(d.EncodingName), d.Confidence))
            .Where(d => d.Name is not null)
            .GroupBy(d => d.Name!)
            .ToDictionary(g => g.Key, g => (double)g.Max(d => d.Confidence));
        var candidates = Legacy
            .Where(name => detected.GetValueOrDefault(name) >= OfferConfidence && Decodes(name, whole))
            .Select(name => new EncodingCandidate(name, detected.GetValueOrDefault(name), Preview(name, whole)))
            .OrderByDescending(c => c.Confidence)
            .ThenBy(c => Legacy.ToList().IndexOf(c.Name))
            .ToList();
        if (candidates.Count == 0)
        {
            return new(null, false, []);
        }

        var best = candidates[0];
        var runnerUp = candidates.Count > 1 ? candidates[1].Confidence : 0;
        return best.Confidence >= SureConfidence && best.Confidence - runnerUp >= 0.3
            ? new(new(best.Name, 0), false, candidates)
            : new(null, false, candidates.Take(4).ToList());
    }

    /// <summary>The first lines of the sample as <paramref name="name"/> reads them (what the user compares).</summary>
    public static IReadOnlyList<string> Preview(string name, ReadOnlySpan<byte> sample, int lines = 3)
    {
        var text = Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback)
            .GetString(sample[..Math.Min(sample.Length, 4096)]);
        return text.Split('\n').Take(lines).Select(l => l.TrimEnd('\r')).Select(l => l.Length > 120 ? l[..120] + "…" : l).ToList();
    }

    private static DetectedEncoding? Unicode(ReadOnlySpan<byte> sample)
    {
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new("utf-8", 3);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return new("utf-32le", 4);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return new("utf-32be", 4);
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

        return null;
    }

    /// <summary>
    /// Every byte above 0x7F sits in a sequence of UTF-8's shape (a lead byte C0–F7 and its continuation bytes 80–BF),
    /// valid or not: text meant as UTF-8 with some bad sequences, which legacy Chinese or European text almost never is.
    /// </summary>
    private static bool ShapedLikeUtf8(ReadOnlySpan<byte> sample)
    {
        for (var i = 0; i < sample.Length;)
        {
            var b = sample[i];
            if (b < 0x80)
            {
                i++;
                continue;
            }

            var length = b is >= 0xC0 and <= 0xDF ? 2 : b is >= 0xE0 and <= 0xEF ? 3 : b is >= 0xF0 and <= 0xF7 ? 4 : 0;
            if (length == 0 || i + length > sample.Length)
            {
                return false;
            }

            for (var k = 1; k < length; k++)
            {
                if (sample[i + k] is < 0x80 or > 0xBF)
                {
                    return false;
                }
            }

            i += length;
        }

        return true;
    }

    private static string? Map(string? detected) => detected?.ToLowerInvariant() switch
    {
        "gb18030" or "gb2312" or "gbk" or "hz-gb-2312" or "x-cp50227" => "gb18030",
        "big5" or "big5-hkscs" or "x-euc-tw" => "big5",
        "shift-jis" or "shift_jis" or "windows-31j" => "shift_jis",
        "euc-jp" => "euc-jp",
        "euc-kr" or "ks_c_5601-1987" or "uhc" => "euc-kr",
        "iso-8859-1" or "windows-1252" or "iso-8859-15" => "windows-1252",
        "iso-8859-2" or "windows-1250" => "windows-1250",
        "iso-8859-5" or "windows-1251" or "x-mac-cyrillic" or "ibm855" or "ibm866" => "windows-1251",
        "koi8-r" => "koi8-r",
        "iso-8859-7" or "windows-1253" => "windows-1253",
        "iso-8859-9" or "windows-1254" => "windows-1254",
        "iso-8859-8" or "windows-1255" => "windows-1255",
        "windows-1256" => "windows-1256",
        "windows-1257" => "windows-1257",
        "windows-1258" => "windows-1258",
        _ => null,
    };

    private static bool Decodes(string name, ReadOnlySpan<byte> bytes)
    {
        try
        {
            Strict(name).GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>A sample cut from a larger file may end inside a character; keep it up to its last line feed.</summary>
    private static ReadOnlySpan<byte> WholeLines(ReadOnlySpan<byte> sample)
    {
        var last = sample.LastIndexOf((byte)'\n');
        return last < 0 ? sample : sample[..(last + 1)];
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
}
