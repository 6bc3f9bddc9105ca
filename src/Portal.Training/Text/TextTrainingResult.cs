using Portal.Training.Metrics;
using Portal.Training.Trainers;

namespace Portal.Training.Text;

/// <summary>A test text the model got wrong with high confidence: what an analyst should read first.</summary>
public sealed record ConfusedExample(int Row, string Text, string Actual, string Predicted, double Confidence);

public sealed record TextTrainingResult(
    ClassificationScores Scores,
    ClassificationScores Baseline,
    IReadOnlyList<string> Classes,
    IReadOnlyList<EpochRecord> History,
    int BestEpoch,
    bool Resumed,
    IReadOnlyList<ConfusedExample> MostConfused,
    int VocabularySize,
    bool CharacterAtoms,
    double SamplesPerSecond,
    string Device,
    TimeSpan Duration)
{
    public Preprocessing.DataSplit Split { get; init; } = new([], [], []);

    /// <summary>Per test row (in <see cref="Split"/>.Test order), one probability per class.</summary>
    public IReadOnlyList<double[]> TestProbabilities { get; init; } = [];

    public Vocabulary Vocabulary { get; init; } = new([]);

    public string WeightsFile { get; init; } = string.Empty;
}
