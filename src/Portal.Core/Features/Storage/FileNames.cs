using System.Globalization;
using System.Text;

namespace Portal.Core.Features.Storage;

/// <summary>The name of a file a user sent, as it is stored and shown: no folders, no invisible or control characters.</summary>
public static class FileNames
{
    public const int MaxLength = 200;

    /// <summary>
    /// Drops control characters (newlines, escapes, NUL) and invisible format characters (bidi overrides that make
    /// "report‮vsc.exe" read as "reportexe.csv"), keeps every visible character of any script, collapses runs of spaces.
    /// </summary>
    public static string Clean(string? fileName, string fallback = "upload")
    {
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/'));
        var text = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            var isSpace = Rune.IsWhiteSpace(rune);
            if (isSpace && (text.Length == 0 || text[^1] == ' '))
            {
                continue;
            }

            text.Append(isSpace ? " " : rune.ToString());
        }

        var clean = text.ToString().Trim().Trim('.').Trim();
        if (clean.Length > MaxLength)
        {
            var extension = Path.GetExtension(clean);
            clean = clean[..(MaxLength - Math.Min(extension.Length, 20))].TrimEnd() + (extension.Length <= 20 ? extension : string.Empty);
        }

        return clean.Length == 0 ? fallback : clean;
    }
}
