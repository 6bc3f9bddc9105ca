using TorchSharp;
using static TorchSharp.torch;

namespace Portal.Training.Text;

/// <summary>
/// One batch of texts for the n-gram models: the vocabulary rows it uses (<see cref="Unique"/>), and for every
/// (text, n-gram) entry its row among those (<see cref="Local"/>), its text in the batch (<see cref="Owner"/>) and
/// its weight (TF-IDF for the linear model, 1 / length for the averaged embeddings).
/// </summary>
public sealed record SparseBatch(Tensor Unique, Tensor Local, Tensor Owner, Tensor Weights, int Count);

/// <summary>
/// Texts as compressed sparse rows of (vocabulary id, weight), kept in managed arrays: 8 bytes per distinct n-gram of
/// a text rather than a padded tensor per split, and batches are cut from it as they are needed.
/// </summary>
public sealed class SparseTexts
{
    private readonly int[] starts;
    private readonly int[] ids;
    private readonly float[] weights;
    private readonly int[] seen;
    private readonly int[] slot;
    private int generation;

    private SparseTexts(int[] starts, int[] ids, float[] weights, int vocabulary)
    {
        (this.starts, this.ids, this.weights) = (starts, ids, weights);
        seen = new int[vocabulary];
        slot = new int[vocabulary];
    }

    public int Count => starts.Length - 1;

    /// <summary>Entries (distinct n-grams over all texts), for memory estimates.</summary>
    public long Entries => ids.Length;

    /// <summary>
    /// Encodes token lists (already cut to what the model keeps). With <paramref name="idf"/> each text's weights are
    /// its TF-IDF vector, words and character n-grams each normalised to unit length, and unknown tokens are dropped
    /// (the linear model); without, each token weighs 1 / (tokens kept) and unknown tokens share the unknown row (the
    /// mean of the n-gram embeddings).
    /// </summary>
    public static SparseTexts Build(IEnumerable<IEnumerable<string>> texts, Vocabulary vocabulary, IReadOnlyList<float>? idf)
    {
        var starts = new List<int> { 0 };
        var ids = new List<int>();
        var weights = new List<float>();
        var counts = new Dictionary<int, int>();
        foreach (var tokens in texts)
        {
            counts.Clear();
            var kept = 0;
            foreach (var token in tokens)
            {
                kept++;
                var id = vocabulary.IdOf(token);
                if (idf is null || id != Vocabulary.Unknown)
                {
                    counts[id] = counts.GetValueOrDefault(id) + 1;
                }
            }

            // Words (and CJK character n-grams) and the character n-grams of words are normalised each on its own, as
            // the baselines' two vectorisers are: otherwise the many character n-grams of a text drown its words.
            var norms = new double[2];
            foreach (var (id, count) in counts)
            {
                norms[Block(vocabulary, id)] += idf is null ? 0 : Math.Pow(count * idf[id - 2], 2);
            }

            foreach (var (id, count) in counts.OrderBy(c => c.Key))
            {
                ids.Add(id);
                weights.Add(idf is null ? (float)count / kept : (float)(count * idf[id - 2] / Math.Sqrt(norms[Block(vocabulary, id)])));
            }

            starts.Add(ids.Count);
        }

        return new SparseTexts([.. starts], [.. ids], [.. weights], vocabulary.Size);
    }

    /// <summary>0 for words and the character n-grams of unspaced scripts, 1 for the character n-grams of words ('#…').</summary>
    private static int Block(Vocabulary vocabulary, int id) => id >= 2 && vocabulary.Tokens[id - 2].StartsWith('#') ? 1 : 0;

    /// <summary>The batch of the given texts (indices into this set), as tensors on the device.</summary>
    public SparseBatch Batch(ReadOnlySpan<long> rows, Device device)
    {
        generation++;
        var entries = 0;
        foreach (var row in rows)
        {
            entries += starts[row + 1] - starts[row];
        }

        var unique = new List<long>();
        var local = new long[entries];
        var owner = new long[entries];
        var weight = new float[entries];
        var at = 0;
        for (var b = 0; b < rows.Length; b++)
        {
            for (var e = starts[rows[b]]; e < starts[rows[b] + 1]; e++)
            {
                var id = ids[e];
                if (seen[id] != generation)
                {
                    seen[id] = generation;
                    slot[id] = unique.Count;
                    unique.Add(id);
                }

                (local[at], owner[at], weight[at]) = (slot[id], b, weights[e]);
                at++;
            }
        }

        return new SparseBatch(
            torch.tensor(unique.ToArray(), device: device), torch.tensor(local, device: device), torch.tensor(owner, device: device),
            torch.tensor(weight, device: device), rows.Length);
    }
}
