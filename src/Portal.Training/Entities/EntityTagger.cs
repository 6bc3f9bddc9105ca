using Portal.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.Training.Entities;

public enum TaggerModel
{
    BiLstm,
    BiGru,
}

/// <summary>
/// Input [batch, tokens, 1 + word length]: the word id, then its character ids. Words are embedded; characters go
/// through a small convolution (capitals, suffixes and unseen names); a bidirectional RNN reads the sentence; a
/// linear layer gives one score per tag (emissions), decoded directly or through the CRF.
/// </summary>
public sealed class EntityTagger : nn.Module<Tensor, Tensor>
{
    private readonly Embedding words;
    private readonly Embedding characters;
    private readonly Conv1d characterFilters;
    private readonly LSTM? lstm;
    private readonly GRU? gru;
    private readonly SeededDropout dropout;
    private readonly Linear emissions;

    public EntityTagger(
        TaggerModel kind, int wordVocabulary, int characterVocabulary, int wordSize, int characterSize, int filters, int hidden, int tags,
            double dropoutRate, Generator? dropoutGenerator = null)
        : base(nameof(EntityTagger))
    {
        words = nn.Embedding(wordVocabulary, wordSize, padding_idx: 0);
        characters = nn.Embedding(characterVocabulary, characterSize, padding_idx: 0);
        characterFilters = nn.Conv1d(characterSize, filters, 3, padding: 1);
        if (kind == TaggerModel.BiGru)
        {
            gru = nn.GRU(wordSize + filters, hidden, batchFirst: true, bidirectional: true);
        }
        else
        {
            lstm = nn.LSTM(wordSize + filters, hidden, batchFirst: true, bidirectional: true);
        }

        dropout = new SeededDropout(dropoutRate, dropoutGenerator);
        emissions = nn.Linear(2 * hidden, tags);
        RegisterComponents();
    }

    /// <summary>
    /// Emissions [batch, time, tags]. The character convolution runs over real words only, and the RNN reads each
    /// sentence packed to its own length, so padding never reaches a real word: a sentence gets the same tags whatever
    /// batch it is in and however wide that batch is.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        var (batch, time, width) = (input.shape[0], input.shape[1], input.shape[2]);
        var ids = input.select(2, 0);
        var wordVectors = words.forward(ids);
        var real = ids.reshape(-1).ne(0).nonzero().squeeze(1);
        var characterIds = input.narrow(2, 1, width - 1).reshape(batch * time, width - 1).index_select(0, real);
        var characterVectors = characters.forward(characterIds).transpose(1, 2);
        var filtered = nn.functional.relu(characterFilters.forward(characterVectors)).amax(2);
        var pooled = torch.zeros(batch * time, filtered.shape[1], dtype: filtered.dtype, device: input.device)
            .index_copy(0, real, filtered).reshape(batch, time, -1);
        var x = dropout.forward(torch.cat([wordVectors, pooled], 2));
        var lengths = ids.ne(0).sum(1).clamp_min(1).cpu();
        using var packed = nn.utils.rnn.pack_padded_sequence(x, lengths, true, false);
        using var read = gru is not null ? gru.call(packed).Item1 : lstm!.call(packed).Item1;
        (x, _) = nn.utils.rnn.pad_packed_sequence(read, true, 0.0, time);
        return emissions.forward(dropout.forward(x));
    }

    /// <summary>Initial weights from the run's generator: embeddings N(0, 0.1), everything else ±1/√fan-in.</summary>
    public void Initialize(Generator generator)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.StartsWith("words", StringComparison.Ordinal) || name.StartsWith("characters", StringComparison.Ordinal))
            {
                parameter.normal_(0, 0.1, generator: generator);
            }
            else
            {
                var fanIn = parameter.dim() > 1 ? parameter.shape[1] * (parameter.dim() > 2 ? parameter.shape[2] : 1) : parameter.shape[0];
                var bound = 1 / Math.Sqrt(fanIn);
                parameter.uniform_(-bound, bound, generator: generator);
            }
        }

        words.weight![0].zero_();
        characters.weight![0].zero_();
    }
}
