using Portal.Training.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Portal.Training.Text;

/// <summary>
/// Texts encoded for a model: compressed sparse rows for the n-gram models (a batch is a tensor of row indices), padded
/// token ids for the sequence models (a batch is the rows themselves).
/// </summary>
public sealed class EncodedTexts(SparseTexts? sparse, Tensor? padded, int count, Device device) : IDisposable
{
    public SparseTexts? Sparse => sparse;

    public Tensor? Padded => padded;

    public int Count => count;

    public Device Device => device;

    /// <summary>What the training loop indexes for the given rows of this set.</summary>
    public Tensor Rows(int start, int length) => padded is null
        ? torch.arange(start, start + length, ScalarType.Int64, device: device)
        : padded.narrow(0, start, length).alias();

    public void Dispose() => padded?.Dispose();
}

/// <summary>One face for the two kinds of text network: the n-gram models over sparse rows and the sequence models.</summary>
public sealed class TextClassifierNetwork
{
    private readonly SparseTextNetwork? sparse;
    private readonly TextNetwork? sequence;
    private readonly int classes;

    private TextClassifierNetwork(SparseTextNetwork? sparse, TextNetwork? sequence, int classes) =>
        (this.sparse, this.sequence, this.classes) = (sparse, sequence, classes);

    public nn.Module Module => (nn.Module?)sparse ?? sequence!;

    public static TextClassifierNetwork Create(TextSpecification spec, int vocabulary, int classes, Generator? dropoutGenerator = null) =>
        spec.Model is TextModel.TfIdfLinear or TextModel.BagOfEmbeddings
            ? new(
                new SparseTextNetwork(spec.Model, vocabulary, spec.EmbeddingSize, classes, spec.Hyperparameters.Dropout, dropoutGenerator),
                null, classes)
            : new(null, new TextNetwork(spec.Model, vocabulary, spec.EmbeddingSize, spec.MaxTokens, spec.Hyperparameters.HiddenWidth,
                classes, spec.Hyperparameters.Dropout, dropoutGenerator), classes);

    /// <summary>The texts of the given rows as the model reads them (features from <see cref="TextTrainer.Features"/>).</summary>
    public static EncodedTexts Encode(
        TextSpecification spec, Vocabulary vocabulary, IReadOnlyList<float>? idf, IReadOnlyList<int> rows, Func<int, List<string>> atomsOf,
            Device device) => Encode(spec, vocabulary, idf, rows.Select(atomsOf).ToList(), device);

    public static EncodedTexts Encode(
        TextSpecification spec, Vocabulary vocabulary, IReadOnlyList<float>? idf, IReadOnlyList<List<string>> atoms, Device device)
    {
        var features = atoms.Select(a => TextTrainer.Features(spec.Model, spec.MaxTokens, a));
        if (spec.Model is TextModel.TfIdfLinear or TextModel.BagOfEmbeddings)
        {
            return new EncodedTexts(SparseTexts.Build(features, vocabulary, idf), null, atoms.Count, device);
        }

        var ids = new long[(long)atoms.Count * spec.MaxTokens];
        var at = 0;
        foreach (var text in features)
        {
            var i = 0;
            foreach (var token in text.Take(spec.MaxTokens))
            {
                ids[(at * spec.MaxTokens) + i++] = vocabulary.IdOf(token);
            }

            at++;
        }

        return new EncodedTexts(null, torch.tensor(ids, [atoms.Count, spec.MaxTokens], device: device), atoms.Count, device);
    }

    public void Initialize(Generator generator)
    {
        sparse?.Initialize(generator);
        sequence?.Initialize(generator);
    }

    /// <summary>The optimiser of the n-gram table (null for the sequence models, whose tables are small).</summary>
    public RowAdam? RowOptimizer()
    {
        if (sparse is null)
        {
            return null;
        }

        var rows = new RowAdam(sparse.RateScale, sparse.Table);
        sparse.TrainRowsWith(rows);
        return rows;
    }

    /// <summary>Logits of a batch <paramref name="x"/> as the training loop cut it from <see cref="EncodedTexts.Rows"/>.</summary>
    public Tensor Logits(EncodedTexts texts, Tensor x) => sparse is null
        ? sequence!.forward(x)
        : sparse.forward(texts.Sparse!.Batch(x.cpu().data<long>().ToArray(), texts.Device));

    /// <summary>Class probabilities of rows [start, start + count) of the set, in chunks, so memory stays flat with the corpus.</summary>
    public double[][] Probabilities(EncodedTexts texts, int start, int count)
    {
        Module.eval();
        using var noGrad = torch.no_grad();
        var result = new double[count][];
        for (var from = 0; from < count; from += 1024)
        {
            using var scope = torch.NewDisposeScope();
            var length = Math.Min(1024, count - from);
            var rows = Enumerable.Range(start + from, length).Select(r => (long)r).ToArray();
            var logits = sparse is null
                ? sequence!.forward(texts.Padded!.narrow(0, start + from, length))
                : sparse.forward(texts.Sparse!.Batch(rows, texts.Device));
            var flat = nn.functional.softmax(logits, 1).cpu().data<float>().ToArray();
            for (var r = 0; r < length; r++)
            {
                result[from + r] = Enumerable.Range(0, classes).Select(c => (double)flat[(r * classes) + c]).ToArray();
            }
        }

        return result;
    }
}
