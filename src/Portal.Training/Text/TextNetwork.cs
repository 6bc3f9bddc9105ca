using Portal.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.Training.Text;

/// <summary>Token ids [batch, tokens] (0 = padding) → class logits [batch, classes].</summary>
public sealed class TextNetwork : nn.Module<Tensor, Tensor>
{
    private readonly TextModel kind;
    private readonly Embedding embedding;
    private readonly Embedding? positions;
    private readonly GRU? gru;
    private readonly TransformerEncoder? encoder;
    private readonly SeededDropout dropout;
    private readonly Linear output;

    public TextNetwork(
        TextModel kind, int vocabulary, int embeddingSize, int maxTokens, int hidden, int classes, double dropoutRate,
            Generator? dropoutGenerator = null)
        : base(nameof(TextNetwork))
    {
        this.kind = kind;
        embedding = nn.Embedding(vocabulary, embeddingSize, padding_idx: 0);
        dropout = new SeededDropout(dropoutRate, dropoutGenerator);
        var pooled = embeddingSize;
        switch (kind)
        {
            case TextModel.BiGru:
                gru = nn.GRU(embeddingSize, hidden, batchFirst: true, bidirectional: true);
                pooled = 2 * hidden;
                break;
            case TextModel.Transformer:
                positions = nn.Embedding(maxTokens, embeddingSize);
                // Dropout inside the encoder would draw from libtorch's global generator; regularise with ours instead.
                encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(embeddingSize, 4, 2 * embeddingSize, 0.0), 2);
                break;
        }

        output = nn.Linear(pooled, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        // Texts are padded at the end to MaxTokens; most batches need far fewer columns.
        var longest = ids.ne(0).sum(1).max().item<long>();
        ids = ids.narrow(1, 0, Math.Max(1, longest));
        var mask = ids.ne(0);
        var x = embedding.forward(ids);
        switch (kind)
        {
            case TextModel.BiGru:
                (x, _) = gru!.forward(x);
                break;
            case TextModel.Transformer:
                var position = torch.arange(ids.shape[1], device: ids.device).unsqueeze(0);
                x = x + positions!.forward(position);
                x = encoder!.forward(x.transpose(0, 1), null, mask.logical_not()).transpose(0, 1);
                break;
        }

        // Mean over the real tokens only.
        var weights = mask.unsqueeze(2).to_type(x.dtype);
        var pooled = (x * weights).sum(1) / weights.sum(1).clamp_min(1);
        return output.forward(dropout.forward(pooled)).MoveToOuterDisposeScope();
    }

    /// <summary>Initial weights from the run's generator: embeddings N(0, 0.1), other parameters ±1/√fan-in.</summary>
    public void Initialize(Generator generator)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.StartsWith("embedding", StringComparison.Ordinal) || name.StartsWith("positions", StringComparison.Ordinal))
            {
                parameter.normal_(0, 0.1, generator: generator);
            }
            else
            {
                var fanIn = parameter.dim() > 1 ? parameter.shape[1] : parameter.shape[0];
                var bound = 1 / Math.Sqrt(fanIn);
                parameter.uniform_(-bound, bound, generator: generator);
            }
        }

        embedding.weight![0].zero_();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            embedding.Dispose();
            positions?.Dispose();
            gru?.Dispose();
            encoder?.Dispose();
            dropout.Dispose();
            output.Dispose();
        }

        base.Dispose(disposing);
    }
}
