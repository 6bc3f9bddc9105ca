namespace Portal.Training.Text;

/// <summary>Token → id, fitted on the training texts: the most frequent tokens up to the size limit. 0 pads, 1 is unknown.</summary>
public sealed record Vocabulary(IReadOnlyList<string> Tokens)
{
    public const int Padding = 0;
    public const int Unknown = 1;

    private Dictionary<string, int>? index;

    public int Size => Tokens.Count + 2;

    public int IdOf(string token)
    {
        index ??= Tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i + 2, StringComparer.Ordinal);
        return index.TryGetValue(token, out var id) ? id : Unknown;
    }

    public static Vocabulary Fit(IEnumerable<IEnumerable<string>> documents, int maxSize, int minCount = 1)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            foreach (var token in document)
            {
                counts[token] = counts.GetValueOrDefault(token) + 1;
            }
        }

        return new Vocabulary(counts.Where(c => c.Value >= minCount)
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(Math.Max(0, maxSize - 2)).Select(c => c.Key).ToList());
    }

    /// <summary>
    /// Smoothed inverse document frequency of each token, as scikit-learn's TfidfVectorizer computes it:
    /// ln((1 + n) / (1 + df)) + 1, over the given (training) texts.
    /// </summary>
    public IReadOnlyList<float> InverseDocumentFrequencies(IReadOnlyCollection<IEnumerable<string>> documents)
    {
        var frequency = new int[Tokens.Count];
        var counted = new HashSet<int>();
        foreach (var document in documents)
        {
            counted.Clear();
            foreach (var token in document)
            {
                var id = IdOf(token);
                if (id >= 2 && counted.Add(id))
                {
                    frequency[id - 2]++;
                }
            }
        }

        var n = documents.Count;
        return frequency.Select(df => (float)(Math.Log((1.0 + n) / (1.0 + df)) + 1)).ToList();
    }
}
