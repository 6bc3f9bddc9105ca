using Portal.Training.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Portal.Training.Entities;

/// <summary>
/// Sentences as compact managed arrays (word ids, the first characters of each word, tag ids: 4 bytes each), from which
/// a batch is cut as a tensor only as wide as its longest sentence. A corpus of a million tokens takes tens of
/// megabytes here, where padded [sentences, MaxTokens, 1 + MaxWordLength] int64 tensors took gigabytes.
/// </summary>
public sealed class EncodedSentences
{
    public const long Ignore = -100;

    private readonly int[] starts;
    private readonly int[] words;
    private readonly int[] characters;
    private readonly int[] tags;
    private readonly int wordLength;

    public EncodedSentences(
        IReadOnlyList<IReadOnlyList<string>> sentences, Vocabulary wordVocabulary, Vocabulary characterVocabulary, int maxWordLength,
            IReadOnlyList<IReadOnlyList<int>>? tagIds = null)
    {
        wordLength = maxWordLength;
        starts = new int[sentences.Count + 1];
        var tokens = sentences.Sum(s => s.Count);
        (words, characters, tags) = (new int[tokens], new int[(long)tokens * maxWordLength], new int[tokens]);
        var at = 0;
        for (var s = 0; s < sentences.Count; s++)
        {
            for (var i = 0; i < sentences[s].Count; i++, at++)
            {
                var token = sentences[s][i];
                words[at] = wordVocabulary.IdOf(token.ToLowerInvariant());
                for (var k = 0; k < Math.Min(token.Length, maxWordLength); k++)
                {
                    characters[((long)at * maxWordLength) + k] = characterVocabulary.IdOf(token[k].ToString());
                }

                tags[at] = tagIds?[s][i] ?? 0;
            }

            starts[s + 1] = at;
        }
    }

    public int Count => starts.Length - 1;

    public int Length(int sentence) => starts[sentence + 1] - starts[sentence];

    /// <summary>
    /// Inputs [batch, longest, 1 + MaxWordLength] (word id, then character ids; 0 pads) and tags [batch, longest]
    /// (<see cref="Ignore"/> past each sentence's end) of the given sentences.
    /// </summary>
    public (Tensor X, Tensor Y) Batch(IReadOnlyList<long> rows, Device device)
    {
        var time = Math.Max(1, rows.Max(r => Length((int)r)));
        var width = 1 + wordLength;
        var x = new long[(long)rows.Count * time * width];
        var y = new long[(long)rows.Count * time];
        Array.Fill(y, Ignore);
        for (var b = 0; b < rows.Count; b++)
        {
            var start = starts[rows[b]];
            for (var t = 0; t < Length((int)rows[b]); t++)
            {
                var cell = (((long)b * time) + t) * width;
                x[cell] = words[start + t];
                for (var k = 0; k < wordLength; k++)
                {
                    x[cell + 1 + k] = characters[((long)(start + t) * wordLength) + k];
                }

                y[((long)b * time) + t] = tags[start + t];
            }
        }

        return (torch.tensor(x, [rows.Count, time, width], device: device), torch.tensor(y, [rows.Count, time], device: device));
    }

    /// <summary>
    /// An epoch's shuffled sentences regrouped so each batch holds sentences of similar length: windows of 50 batches
    /// are sorted by length and cut into batches, and the batches shuffled again (seeded by the order itself). Nearly
    /// every token position a batch computes is then a real token, rather than about a third with random batches.
    /// </summary>
    public int[] ByLength(int[] order, int batchSize)
    {
        var window = 50 * batchSize;
        var batches = new List<int[]>();
        for (var from = 0; from < order.Length; from += window)
        {
            var sorted = order[from..Math.Min(order.Length, from + window)].OrderBy(r => Length(r)).ThenBy(r => r).ToArray();
            for (var b = 0; b < sorted.Length; b += batchSize)
            {
                batches.Add(sorted[b..Math.Min(sorted.Length, b + batchSize)]);
            }
        }

        // Only the last batch may be short: keep it last, so batch boundaries stay where the loop cuts them.
        var last = batches.Count > 0 && batches[^1].Length < batchSize ? batches[^1] : null;
        var full = last is null ? batches : batches[..^1];
        var shuffled = full.ToArray();
        new Random(order.Length == 0 ? 0 : order[0]).Shuffle(shuffled);
        return [.. shuffled.SelectMany(b => b), .. last ?? []];
    }
}
