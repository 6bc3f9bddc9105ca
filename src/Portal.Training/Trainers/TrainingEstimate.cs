using Portal.Training.Entities;
using Portal.Training.Text;

namespace Portal.Training.Trainers;

/// <summary>
/// How long a text or entity run should take on a 2-core CPU host, from the corpus size and the settings, calibrated
/// on the benchmark corpora (docs/benchmarks.md prints this estimate beside each real duration). Early stopping usually
/// ends a run about <see cref="EpochsAfterBest"/> epochs after its best one, so the estimate counts that many epochs
/// past patience rather than every epoch allowed.
/// </summary>
public static class TrainingEstimate
{
    /// <summary>Training texts per second of the n-gram models per epoch, features and validation included.</summary>
    public const double TextsPerSecond = 6_500;

    /// <summary>Training tokens per second of the BiLSTM-CRF tagger per epoch with the proposed batches.</summary>
    public const double TokensPerSecond = 17_000;

    /// <summary>Fixed cost of one training: vocabulary, tensors, checkpoint folder.</summary>
    public const double SecondsPerTraining = 0.5;

    public const int EpochsAfterBest = 3;

    public static TimeSpan Text(TextSpecification spec, long texts)
    {
        var pool = texts * (1 - spec.Split.TestFraction);
        var train = texts * (1 - spec.Split.TestFraction - spec.Split.ValidationFraction);
        var trainings = spec.Model != TextModel.Auto ? 1
            : pool < TextModelSelection.SmallCorpus ? (TextModelSelection.Candidates.Length * TextModelSelection.Folds) + 1
            : TextModelSelection.Candidates.Length;
        var perTraining = SecondsPerTraining + (Epochs(spec.Hyperparameters) * train / TextsPerSecond);
        return TimeSpan.FromSeconds(1 + (trainings * perTraining));
    }

    public static TimeSpan Entities(EntitySpecification spec, long tokens)
    {
        var train = tokens * (1 - spec.Split.TestFraction - spec.Split.ValidationFraction);
        return TimeSpan.FromSeconds(2 + SecondsPerTraining + (Epochs(spec.Hyperparameters) * train / TokensPerSecond));
    }

    private static double Epochs(Specification.Hyperparameters h) => Math.Min(h.Epochs, h.Patience + EpochsAfterBest);
}
