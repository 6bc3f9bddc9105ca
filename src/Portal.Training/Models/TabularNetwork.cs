using Portal.Training.Specification;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.Training.Models;

/// <summary>Linear model or MLP over the preprocessed features; outputs one value (regression) or one logit per class.</summary>
public sealed class TabularNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <param name="dropoutGenerator">Random source for dropout while training; null when the model only predicts.</param>
    public TabularNetwork(int inputs, int outputs, ModelFamily family, Hyperparameters h, Generator? dropoutGenerator = null) : base(
        nameof(TabularNetwork))
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = inputs;
        if (family == ModelFamily.Mlp)
        {
            for (var i = 0; i < h.HiddenLayers; i++)
            {
                modules.Add(($"linear{i}", nn.Linear(width, h.HiddenWidth)));
                modules.Add(($"activation{i}", h.Activation switch
                {
                    ActivationKind.Tanh => nn.Tanh(),
                    ActivationKind.Gelu => nn.GELU(),
                    _ => nn.ReLU(),
                }));
                if (h.Dropout > 0)
                {
                    modules.Add(($"dropout{i}", new SeededDropout(h.Dropout, dropoutGenerator)));
                }

                width = h.HiddenWidth;
            }
        }

        modules.Add(("output", nn.Linear(width, outputs)));
        layers = nn.Sequential(modules);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => layers.forward(input);

    /// <summary>PyTorch's default initialisation (uniform in ±1/√fan-in), drawn from the given generator rather than the global
    /// one.</summary>
    public void Initialize(Generator generator)
    {
        using var noGrad = torch.no_grad();
        foreach (var linear in modules().OfType<Linear>())
        {
            var bound = 1 / Math.Sqrt(linear.weight!.shape[1]);
            linear.weight.uniform_(-bound, bound, generator: generator);
            linear.bias?.uniform_(-bound, bound, generator: generator);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
