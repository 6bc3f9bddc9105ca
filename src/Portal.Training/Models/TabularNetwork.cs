using Portal.Training.Specification;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.Training.Models;

/// <summary>Linear model or MLP over the preprocessed features; outputs one value (regression) or one logit per class.</summary>
public sealed class TabularNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public TabularNetwork(int inputs, int outputs, ModelFamily family, Hyperparameters h) : base(nameof(TabularNetwork))
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
                    modules.Add(($"dropout{i}", nn.Dropout(h.Dropout)));
                }

                width = h.HiddenWidth;
            }
        }

        modules.Add(("output", nn.Linear(width, outputs)));
        layers = nn.Sequential(modules);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => layers.forward(input);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
