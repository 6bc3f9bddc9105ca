using Portal.Training.Models;
using Portal.Training.Trainers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.Training.Text;

/// <summary>
/// The n-gram models over a <see cref="SparseBatch"/>: <see cref="TextModel.TfIdfLinear"/> is a softmax regression over
/// TF-IDF-weighted n-grams (one weight per n-gram and class: exactly logistic regression on TF-IDF features);
/// <see cref="TextModel.BagOfEmbeddings"/> averages n-gram embeddings into a linear layer (fastText). The big table
/// of either is trained by <see cref="RowAdam"/>, one row per n-gram the batch used.
/// </summary>
public sealed class SparseTextNetwork : nn.Module<SparseBatch, Tensor>
{
    private readonly TextModel kind;
    private readonly Embedding embedding;
    private readonly Parameter? bias;
    private readonly Linear? output;
    private readonly SeededDropout dropout;
    private RowAdam? rows;

    public SparseTextNetwork(
        TextModel kind, int vocabulary, int embeddingSize, int classes, double dropoutRate, Generator? dropoutGenerator = null)
        : base(nameof(TextNetwork))
    {
        if (kind is not (TextModel.TfIdfLinear or TextModel.BagOfEmbeddings))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only the n-gram models read sparse batches.");
        }

        this.kind = kind;
        Width = kind == TextModel.TfIdfLinear ? classes : embeddingSize;
        embedding = nn.Embedding(vocabulary, Width);
        embedding.weight!.requires_grad_(false);
        dropout = new SeededDropout(kind == TextModel.TfIdfLinear ? 0 : dropoutRate, dropoutGenerator);
        if (kind == TextModel.TfIdfLinear)
        {
            bias = new Parameter(torch.zeros(classes));
        }
        else
        {
            output = nn.Linear(embeddingSize, classes);
        }

        RegisterComponents();
    }

    private int Width { get; }

    /// <summary>
    /// The linear model's weights learn at 10× the run's learning rate: its inputs are unit-length TF-IDF vectors
    /// whose entries are around 0.1, so a weight must move ten times as far as an embedding to change a logit as much.
    /// </summary>
    public double RateScale => kind == TextModel.TfIdfLinear ? 10 : 1;

    /// <summary>The table the row optimiser trains (n-gram → weights or embedding).</summary>
    public Parameter Table => embedding.weight!;

    /// <summary>From now on training forward passes take their rows through this optimiser.</summary>
    public void TrainRowsWith(RowAdam optimizer) => rows = optimizer;

    public override Tensor forward(SparseBatch batch)
    {
        // Outside this pass's dispose scope: in training the optimiser reads the rows' gradient after backward.
        var used = rows?.Rows(0, batch.Unique) ?? Table.index_select(0, batch.Unique);
        using var scope = NewDisposeScope();
        var entries = used.index_select(0, batch.Local) * batch.Weights.unsqueeze(1);
        var owners = batch.Owner.unsqueeze(1).expand(-1, Width);
        var pooled = torch.zeros(batch.Count, Width, device: used.device).scatter_add(0, owners, entries);
        var logits = kind == TextModel.TfIdfLinear ? pooled + bias! : output!.forward(dropout.forward(pooled));
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Initial weights: the linear model starts at zero (its loss is convex); embeddings N(0, 0.1), the layer
    /// ±1/√fan-in.
    /// </summary>
    public void Initialize(Generator generator)
    {
        using var noGrad = torch.no_grad();
        if (kind == TextModel.TfIdfLinear)
        {
            Table.zero_();
            return;
        }

        Table.normal_(0, 0.1, generator: generator);
        Table[0].zero_();
        var bound = 1 / Math.Sqrt(Width);
        output!.weight!.uniform_(-bound, bound, generator: generator);
        output.bias!.uniform_(-bound, bound, generator: generator);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            embedding.Dispose();
            bias?.Dispose();
            output?.Dispose();
            dropout.Dispose();
        }

        base.Dispose(disposing);
    }
}
