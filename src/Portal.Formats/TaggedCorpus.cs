namespace Portal.Formats;

public sealed record TaggedSentence(IReadOnlyList<string> Tokens, IReadOnlyList<string> Tags);

/// <summary>A problem in a CoNLL file, with its line number; invalid BIO transitions are counted, not silently fixed.</summary>
public sealed record ConllProblem(int Line, string Code, string Message);

public sealed record TaggedCorpus(IReadOnlyList<TaggedSentence> Sentences, IReadOnlyList<ConllProblem> Problems, int InvalidTransitions);

/// <summary>
/// Reads CoNLL-style files: one token per line, the tag in the last column, a blank line between sentences,
/// "-DOCSTART-" lines ignored. IOB1 and BIOES tags are converted to BIO (IOB2), the scheme the trainer uses.
/// </summary>
public static class ConllReader
{
    public static TaggedCorpus Read(string path) => Parse(File.ReadLines(path));

    public static TaggedCorpus Parse(IEnumerable<string> lines)
    {
        var sentences = new List<TaggedSentence>();
        var problems = new List<ConllProblem>();
        var tokens = new List<string>();
        var tags = new List<string>();
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                Flush();
                continue;
            }

            var fields = line.Split(line.Contains('\t') ? '\t' : ' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields[0] == "-DOCSTART-")
            {
                Flush();
                continue;
            }

            if (fields.Length < 2)
            {
                problems.Add(new ConllProblem(number, "Conll.MissingTag", $"Line {number} has a token but no tag: '{line}'."));
                continue;
            }

            var tag = fields[^1];
            if (tag != "O" && !(tag.Length > 2 && tag[1] is '-' && tag[0] is 'B' or 'I' or 'E' or 'S'))
            {
                problems.Add(
                    new ConllProblem(
                        number, "Conll.BadTag",
                            $"Line {number} has the tag '{tag}', which is neither O nor B-, I-, E- or S- followed by a type."));
                continue;
            }

            tokens.Add(fields[0]);
            tags.Add(tag);
        }

        Flush();
        var scheme = Detect(sentences);
        var converted = sentences.Select(s => s with { Tags = ToBio(s.Tags, scheme) }).ToList();
        return new TaggedCorpus(converted, problems, converted.Sum(s => InvalidTransitions(s.Tags)));

        void Flush()
        {
            if (tokens.Count > 0)
            {
                sentences.Add(new TaggedSentence(tokens.ToArray(), tags.ToArray()));
                tokens.Clear();
                tags.Clear();
            }
        }
    }

    public enum TagScheme
    {
        Bio,
        Iob1,
        Bioes,
    }

    /// <summary>
    /// The file's scheme: BIOES if it uses E- or S-; IOB1 if spans open with I- and B- never opens a span after O;
    /// otherwise BIO (IOB2), where an I- after O is an invalid transition to count, not to guess about.
    /// </summary>
    public static TagScheme Detect(IReadOnlyList<TaggedSentence> sentences)
    {
        var tags = sentences.SelectMany(s => s.Tags.Prepend("O")).ToList();
        if (tags.Any(t => t.StartsWith("E-", StringComparison.Ordinal) || t.StartsWith("S-", StringComparison.Ordinal)))
        {
            return TagScheme.Bioes;
        }

        var opensWithB = Enumerable.Range(1, tags.Count - 1).Any(
            i => tags[i].StartsWith("B-", StringComparison.Ordinal) && tags[i - 1] == "O");
        var opensWithI = Enumerable.Range(1, tags.Count - 1).Any(
            i => tags[i].StartsWith("I-", StringComparison.Ordinal) && tags[i - 1] == "O");
        return opensWithI && !opensWithB ? TagScheme.Iob1 : TagScheme.Bio;
    }

    public static string[] ToBio(IReadOnlyList<string> tags, TagScheme scheme)
    {
        var result = new string[tags.Count];
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            if (tag == "O" || scheme == TagScheme.Bio)
            {
                result[i] = tag;
                continue;
            }

            var type = tag[2..];
            var open = i > 0 && result[i - 1] != "O" && result[i - 1][2..] == type && !(tags[i - 1][0] is 'E' or 'S');
            result[i] = tag[0] switch
            {
                'B' or 'S' => "B-" + type,
                _ => (open ? "I-" : "B-") + type, // I- or E- continue an open span of their type, or open one
            };
        }

        return result;
    }

    /// <summary>An I- tag that does not continue a span of its own type (after O or another type).</summary>
    public static int InvalidTransitions(IReadOnlyList<string> bio) =>
        Enumerable.Range(0, bio.Count).Count(
            i => bio[i].StartsWith("I-", StringComparison.Ordinal) && (i == 0 || bio[i - 1] == "O" || bio[i - 1][2..] != bio[i][2..]));

}
