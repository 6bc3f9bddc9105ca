using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.Training.Trainers;

/// <summary>
/// Adam for large lookup tables (n-gram embeddings, the weights of a linear model over n-grams), applied only to the
/// rows a batch used, as PyTorch's SparseAdam and TensorFlow's LazyAdam do: a batch touches a few thousand of
/// hundreds of thousands of rows, and a dense optimiser would rewrite the whole table and both moment buffers every
/// step. The tables are parameters that do not require gradients (the dense optimiser leaves them alone); a forward
/// pass in training asks <see cref="Rows"/> for the rows it needs, gets a small leaf tensor that collects their
/// gradient, and <see cref="Step"/> writes the updated rows back. The moments are buffers of this module, so the
/// checkpoint saves them and a resumed run continues exactly.
/// </summary>
public sealed class RowAdam : nn.Module
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly List<(Parameter Table, Tensor First, Tensor Second)> tables = [];
    private readonly List<(int Table, Tensor Ids, Tensor Rows)> pending = [];
    private readonly Tensor steps;
    private readonly double rateScale;

    /// <param name="rateScale">The tables' learning rate as a multiple of the run's (see <see cref="Text.SparseTextNetwork"/>).</param>
    public RowAdam(double rateScale, params Parameter[] trained)
        : base(nameof(RowAdam))
    {
        this.rateScale = rateScale;
        for (var i = 0; i < trained.Length; i++)
        {
            var table = trained[i];
            var first = torch.zeros_like(table).requires_grad_(false);
            var second = torch.zeros_like(table).requires_grad_(false);
            register_buffer($"first_{i}", first);
            register_buffer($"second_{i}", second);
            tables.Add((table, first, second));
        }

        steps = torch.zeros(1, ScalarType.Float64);
        register_buffer("steps", steps);
    }

    /// <summary>
    /// The rows <paramref name="ids"/> (unique, long) of a table; in training, a leaf whose gradient
    /// <see cref="Step"/> applies.
    /// </summary>
    public Tensor Rows(int table, Tensor ids)
    {
        var rows = tables[table].Table.index_select(0, ids);
        if (!torch.is_grad_enabled())
        {
            return rows;
        }

        rows = rows.detach().requires_grad_(true);
        pending.Add((table, ids, rows));
        return rows;
    }

    /// <summary>One Adam step (decoupled weight decay, as AdamW) on the rows used since the last step.</summary>
    public void Step(double learningRate, double weightDecay)
    {
        using var noGrad = torch.no_grad();
        if (pending.Count == 0)
        {
            return;
        }

        learningRate *= rateScale;
        steps.add_(1);
        var t = steps.item<double>();
        var firstCorrection = 1 - Math.Pow(Beta1, t);
        var secondCorrection = 1 - Math.Pow(Beta2, t);
        foreach (var (index, ids, rows) in pending)
        {
            if (rows.grad is not { } grad)
            {
                continue;
            }

            var (table, first, second) = tables[index];
            var m = first.index_select(0, ids).mul_(Beta1).add_(grad, alpha: 1 - Beta1);
            var v = second.index_select(0, ids).mul_(Beta2).addcmul_(grad, grad, value: 1 - Beta2);
            first.index_copy_(0, ids, m);
            second.index_copy_(0, ids, v);
            var denominator = v.div(secondCorrection).sqrt_().add_(Epsilon);
            var updated = rows.detach().mul(1 - learningRate * weightDecay)
                .addcdiv_(m, denominator, value: -learningRate / firstCorrection);
            table.index_copy_(0, ids, updated);
        }

        pending.Clear();
    }

    /// <summary>Forgets rows gathered by a forward pass whose step will not happen (e.g. validation with gradients on).</summary>
    public void Discard() => pending.Clear();
}
