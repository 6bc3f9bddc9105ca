using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.Training.Models;

/// <summary>A multi-layer perceptron for one numeric target.</summary>
public sealed class MlpRegressor : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public MlpRegressor(int inputs, int hidden) : base(nameof(MlpRegressor))
    {
        layers = nn.Sequential(
            ("hidden", nn.Linear(inputs, hidden)),
            ("activation", nn.ReLU()),
            ("output", nn.Linear(hidden, 1)));
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
