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

    public override Tensor forward(Tensor input)
    {
        var (batch, time, width) = (input.shape[0], input.shape[1], input.shape[2]);
        var wordVectors = words.forward(input.select(2, 0));
        var characterIds = input.narrow(2, 1, width - 1).reshape(batch * time, width - 1);
        var characterVectors = characters.forward(characterIds).transpose(1, 2);
        var pooled = nn.functional.relu(characterFilters.forward(characterVectors)).amax(2).reshape(batch, time, -1);
        var x = dropout.forward(torch.cat([wordVectors, pooled], 2));
        if (gru is not null)
        {
            (x, _) = gru.forward(x);
        }
        else
        {
            (x, _, _) = lstm!.forward(x);
        }

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
