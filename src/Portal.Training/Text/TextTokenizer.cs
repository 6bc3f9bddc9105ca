using System.Globalization;
using System.Text;

namespace Portal.Training.Text;

/// <summary>
/// Splits text into atoms: words where the script uses spaces (Latin, Cyrillic, ...; lower-cased, punctuation dropped)
/// and single characters where it does not (Chinese, Japanese, Thai), so Chinese needs no segmenter: character
/// bigrams then carry most of what words would.
/// </summary>
public static class TextTokenizer
{
    public static List<string> Atoms(string? text)
    {
        var atoms = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return atoms;
        }

        var word = new StringBuilder();
        foreach (var rune in text.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            if (IsUnspacedScript(rune))
            {
                Flush(word, atoms);
                atoms.Add(rune.ToString());
            }
            else if (Rune.IsLetterOrDigit(rune) || rune.Value is '\'' or '-' && word.Length > 0)
            {
                word.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else
            {
                Flush(word, atoms);
            }
        }

        Flush(word, atoms);
        return atoms;
    }

    /// <summary>
    /// The features of the bag-of-embeddings model: atoms, atom bigrams, and character trigrams of longer words
    /// ("&lt;tr", "tra", ..., "de&gt;"), which let "trades" share evidence with "trade" and survive misspellings.
    /// For Chinese the atoms are already characters, so unigrams and bigrams are its character n-grams.
    /// </summary>
    public static IEnumerable<string> NGrams(IReadOnlyList<string> atoms)
    {
        for (var i = 0; i < atoms.Count; i++)
        {
            var atom = atoms[i];
            yield return atom;
            if (i + 1 < atoms.Count)
            {
                yield return atom + "\u241F" + atoms[i + 1];
            }

            if (atom.Length >= 5)
            {
                var marked = "<" + atom + ">";
                for (var c = 0; c + 3 <= marked.Length; c++)
                {
                    yield return marked.Substring(c, 3);
                }
            }
        }
    }

    /// <summary>
    /// The features of the linear model, those of the usual TF-IDF baselines: for spaced scripts words, word bigrams and
    /// the character 2–5-grams of each word with its boundaries ("#␠t", "#tr", ..., "#e␠"); for Chinese,
    /// Japanese and Thai, whose atoms are characters, character 1–3-grams. Character n-grams carry a '#' that no word
    /// can start with, so they never meet a word of the same letters.
    /// </summary>
    public static IEnumerable<string> LinearGrams(IReadOnlyList<string> atoms)
    {
        for (var i = 0; i < atoms.Count; i++)
        {
            var atom = atoms[i];
            yield return atom;
            if (i + 1 < atoms.Count)
            {
                yield return atom + "\u241F" + atoms[i + 1];
                if (i + 2 < atoms.Count && IsCharacter(atom) && IsCharacter(atoms[i + 1]) && IsCharacter(atoms[i + 2]))
                {
                    yield return atom + "\u241F" + atoms[i + 1] + "\u241F" + atoms[i + 2];
                }
            }

            if (!IsCharacter(atom))
            {
                var marked = "\u2420" + atom + "\u2420";
                for (var n = 2; n <= 5; n++)
                {
                    for (var c = 0; c + n <= marked.Length; c++)
                    {
                        yield return "#" + marked.Substring(c, n);
                    }
                }
            }
        }
    }

    /// <summary>An atom that is one character of an unspaced script.</summary>
    public static bool IsCharacter(string atom) =>
        atom.Length <= 2 && Rune.TryGetRuneAt(atom, 0, out var rune) && rune.Utf16SequenceLength == atom.Length && IsUnspacedScript(rune);

    private static bool IsUnspacedScript(Rune rune) =>
        rune.Value is >= 0x3040 and <= 0x30FF // Hiragana, Katakana
            or >= 0x3400 and <= 0x4DBF // CJK extension A
            or >= 0x4E00 and <= 0x9FFF // CJK unified ideographs
            or >= 0xF900 and <= 0xFAFF // CJK compatibility ideographs
            or >= 0x0E00 and <= 0x0E7F // Thai
            or >= 0x20000 and <= 0x2FA1F; // CJK extensions B+

    private static void Flush(StringBuilder word, List<string> atoms)
    {
        if (word.Length > 0)
        {
            atoms.Add(word.ToString());
            word.Clear();
        }
    }
}
