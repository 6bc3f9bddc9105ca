using TorchSharp;
using static TorchSharp.torch;

namespace Portal.Training.Models;

/// <summary>
/// Dropout that draws from the trainer's own generator instead of libtorch's process-wide one, so a run is
/// reproducible even while other work in the same process uses random numbers.
/// </summary>
public sealed class SeededDropout(double probability, Generator? generator) : nn.Module<Tensor, Tensor>(nameof(SeededDropout))
{
    public override Tensor forward(Tensor input)
    {
        if (!training || probability <= 0)
        {
            return input.alias();
        }

        using var keep = torch.rand(input.shape, generator: generator, device: input.device).ge_(probability);
        return input * keep / (1 - probability);
    }
}
