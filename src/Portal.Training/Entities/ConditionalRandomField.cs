using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.Training.Entities;

/// <summary>
/// A linear-chain CRF over tag emissions: learns which tag may follow which (I-PER after B-PER, never after O), trained
/// by the negative log-likelihood of the gold path, decoded with Viterbi.
/// </summary>
public sealed class ConditionalRandomField : nn.Module
{
    private readonly int tags;
    private readonly Parameter transitions;
    private readonly Parameter start;
    private readonly Parameter end;

    public ConditionalRandomField(int tags) : base(nameof(ConditionalRandomField))
    {
        this.tags = tags;
        transitions = nn.Parameter(torch.zeros(tags, tags));
        start = nn.Parameter(torch.zeros(tags));
        end = nn.Parameter(torch.zeros(tags));
        RegisterComponents();
    }

    /// <param name="emissions">[batch, time, tags]</param>
    /// <param name="gold">[batch, time], any value where <paramref name="mask"/> is false</param>
    /// <param name="mask">[batch, time], true for real tokens; every sequence has at least its first token</param>
    public Tensor NegativeLogLikelihood(Tensor emissions, Tensor gold, Tensor mask)
    {
        var time = emissions.shape[1];
        var tagsSafe = gold.masked_fill(mask.logical_not(), 0);
        var first = tagsSafe.select(1, 0);
        var score = start.index_select(0, first) + emissions.select(1, 0).gather(1, first.unsqueeze(1)).squeeze(1);
        var alpha = start.unsqueeze(0) + emissions.select(1, 0);
        for (var t = 1; t < time; t++)
        {
            var step = mask.select(1, t);
            var previous = tagsSafe.select(1, t - 1);
            var current = tagsSafe.select(1, t);
            var transition = transitions.flatten().index_select(0, previous * tags + current);
            var emission = emissions.select(1, t).gather(1, current.unsqueeze(1)).squeeze(1);
            score = score + (transition + emission) * step.to_type(score.dtype);

            var next = (alpha.unsqueeze(2) + transitions.unsqueeze(0) + emissions.select(1, t).unsqueeze(1)).logsumexp(1);
            alpha = torch.where(step.unsqueeze(1), next, alpha);
        }

        var last = mask.to_type(ScalarType.Int64).sum(1) - 1;
        var lastTags = tagsSafe.gather(1, last.unsqueeze(1)).squeeze(1);
        score = score + end.index_select(0, lastTags);
        var partition = (alpha + end.unsqueeze(0)).logsumexp(1);
        return (partition - score).mean();
    }

    /// <summary>The best tag path for each sequence, as many tags as it has real tokens.</summary>
    public int[][] Decode(Tensor emissions, Tensor mask)
    {
        using var scope = torch.NewDisposeScope();
        var e = emissions.cpu().to_type(ScalarType.Float32);
        var (batch, time) = ((int)e.shape[0], (int)e.shape[1]);
        var scores = e.data<float>().ToArray();
        var lengths = mask.to_type(ScalarType.Int64).sum(1).cpu().data<long>().ToArray();
        var trans = transitions.detach().cpu().data<float>().ToArray();
        var startScores = start.detach().cpu().data<float>().ToArray();
        var endScores = end.detach().cpu().data<float>().ToArray();
        var result = new int[batch][];
        for (var b = 0; b < batch; b++)
        {
            var length = (int)lengths[b];
            var best = new float[tags];
            var back = new int[length, tags];
            for (var k = 0; k < tags; k++)
            {
                best[k] = startScores[k] + scores[(b * time * tags) + k];
            }

            for (var t = 1; t < length; t++)
            {
                var next = new float[tags];
                for (var k = 0; k < tags; k++)
                {
                    var (argmax, max) = (0, float.NegativeInfinity);
                    for (var j = 0; j < tags; j++)
                    {
                        var candidate = best[j] + trans[(j * tags) + k];
                        if (candidate > max)
                        {
                            (argmax, max) = (j, candidate);
                        }
                    }

                    next[k] = max + scores[(((b * time) + t) * tags) + k];
                    back[t, k] = argmax;
                }

                best = next;
            }

            var path = new int[length];
            path[^1] = Enumerable.Range(0, tags).MaxBy(k => best[k] + endScores[k]);
            for (var t = length - 1; t > 0; t--)
            {
                path[t - 1] = back[t, path[t]];
            }

            result[b] = path;
        }

        return result;
    }
}
