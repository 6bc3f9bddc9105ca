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

    /// <summary>The model that was trained (for <see cref="TextModel.Auto"/>, the one chosen).</summary>
    public TextModel Model { get; init; }

    /// <summary>Inverse document frequencies of the vocabulary (the TF-IDF model only).</summary>
    public IReadOnlyList<float>? Idf { get; init; }

    /// <summary>Whether the loss weighted the classes to balance them.</summary>
    public bool Balanced { get; init; }

    /// <summary>The largest class of the training split over the smallest.</summary>
    public double Imbalance { get; init; } = 1;

    public double ValidationMacroF1 { get; init; }

    /// <summary>The 95% bootstrap interval of the test macro-F1 (null without test rows).</summary>
    public ScoreInterval? MacroF1Interval { get; init; }

    /// <summary>The candidates Auto compared, in the order tried; empty when one model was asked for.</summary>
    public IReadOnlyList<TextCandidate> Candidates { get; init; } = [];

    /// <summary>How Auto compared them: on the validation split or by k-fold cross-validation (then <see cref="Folds"/> &gt; 0).</summary>
    public int Folds { get; init; }
}

/// <summary>One model Auto tried: its macro-F1 on held-out texts (the mean over folds when cross-validated) and their spread.</summary>
public sealed record TextCandidate(TextModel Model, double MacroF1, double? FoldSpread);
