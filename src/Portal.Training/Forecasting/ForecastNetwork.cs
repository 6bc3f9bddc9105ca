using Portal.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.Training.Forecasting;

/// <summary>Input [batch, window, features] → output [batch, horizon] (standardised units).</summary>
public sealed class ForecastNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ForecastModel kind;
    private readonly Sequential? mlp;
    private readonly GRU? gru;
    private readonly LSTM? lstm;
    private readonly Linear? head;

    public ForecastNetwork(
        ForecastModel kind, int window, int features, int horizon, int hidden, double dropout, Generator? dropoutGenerator = null)
        : base(nameof(ForecastNetwork))
    {
        this.kind = kind;
        switch (kind)
        {
            case ForecastModel.Gru:
                gru = nn.GRU(features, hidden, batchFirst: true);
                head = nn.Linear(hidden, horizon);
                break;
            case ForecastModel.Lstm:
                lstm = nn.LSTM(features, hidden, batchFirst: true);
                head = nn.Linear(hidden, horizon);
                break;
            default:
                mlp = nn.Sequential(
                    ("flatten", nn.Flatten()),
                    ("hidden0", nn.Linear(window * features, hidden)),
                    ("relu0", nn.ReLU()),
                    ("dropout0", new SeededDropout(dropout, dropoutGenerator)),
                    ("hidden1", nn.Linear(hidden, hidden)),
                    ("relu1", nn.ReLU()),
                    ("output", nn.Linear(hidden, horizon)));
                break;
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        switch (kind)
        {
            case ForecastModel.Gru:
            {
                var (output, _) = gru!.forward(input);
                return head!.forward(output.select(1, -1));
            }

            case ForecastModel.Lstm:
            {
                var (output, _, _) = lstm!.forward(input);
                return head!.forward(output.select(1, -1));
            }

            default:
                return mlp!.forward(input);
        }
    }

    /// <summary>PyTorch's default bounds, drawn from the run's generator: ±1/√fan-in for linear layers, ±1/√hidden for recurrent
    /// ones.</summary>
    public void Initialize(Generator generator)
    {
        using var noGrad = torch.no_grad();
        foreach (var module in modules())
        {
            var own = module.named_parameters(recurse: false).Select(p => p.parameter).ToList();
            if (own.Count == 0)
            {
                continue;
            }

            var bound = module is Linear linear ? 1 / Math.Sqrt(linear.weight!.shape[1]) : 1 / Math.Sqrt(
                own[0].shape[0] / (module is LSTM ? 4.0 : 3.0));
            foreach (var parameter in own)
            {
                parameter.uniform_(-bound, bound, generator: generator);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            mlp?.Dispose();
            gru?.Dispose();
            lstm?.Dispose();
            head?.Dispose();
        }

        base.Dispose(disposing);
    }
}
