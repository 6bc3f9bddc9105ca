using System.Text.Json.Serialization;
using Portal.Training.Specification;

namespace Portal.Training.Entities;

/// <summary>Entity recognition on BIO-tagged sentences.</summary>
public sealed record EntitySpecification : TrainingSpecification
{
    public TaggerModel Model { get; init; } = TaggerModel.BiLstm;

    /// <summary>Decode through a CRF layer that learns which tag may follow which.</summary>
    public bool UseCrf { get; init; } = true;

    public int WordEmbedding { get; init; } = 64;
    public int CharacterEmbedding { get; init; } = 16;
    public int CharacterFilters { get; init; } = 32;
    public int WordVocabularySize { get; init; } = 30_000;

    /// <summary>Longer sentences are cut into pieces of this many tokens for training and tagging.</summary>
    public int MaxTokens { get; init; } = 64;

    public int MaxWordLength { get; init; } = 20;
    public override Hyperparameters Hyperparameters { get; init; } = new()
    {
        Epochs = 15, BatchSize = 32, LearningRate = 0.005, HiddenWidth = 64, Dropout = 0.25, Patience = 4, WarmupEpochs = 0,
    };

    public SplitSettings Split { get; init; } = new();

    [JsonIgnore]
    public override SplitSettings Holdout => Split;

    [JsonIgnore]
    public override string Subject => "entities";

    [JsonIgnore]
    public override IReadOnlyList<string> Inputs => [];

    [JsonIgnore]
    public override string ModelName => Model.ToString();
}

/// <summary>A test sentence with gold and predicted spans, for the result page.</summary>
public sealed record TaggedExample(IReadOnlyList<string> Tokens, IReadOnlyList<EntitySpan> Gold, IReadOnlyList<EntitySpan> Predicted);

public sealed record EntityTrainingResult(
    EntityScores Scores,
    EntityScores Baseline,
    double TokenAccuracy,
    IReadOnlyList<string> Tags,
    IReadOnlyList<Trainers.EpochRecord> History,
    int BestEpoch,
    bool Resumed,
    IReadOnlyList<TaggedExample> Examples,
    string Device,
    TimeSpan Duration)
{
    /// <summary>Which sentence pieces went to training, validation and test.</summary>
    public Preprocessing.DataSplit Split { get; init; } = new([], [], []);

    public Text.Vocabulary Words { get; init; } = new([]);
    public Text.Vocabulary Characters { get; init; } = new([]);

    /// <summary>The test sentences (cut to MaxTokens) and the tags the model gave them.</summary>
    public IReadOnlyList<IReadOnlyList<string>> TestTokens { get; init; } = [];
    public IReadOnlyList<IReadOnlyList<string>> TestPredictions { get; init; } = [];

    /// <summary>The gold tags of the same test sentences.</summary>
    public IReadOnlyList<IReadOnlyList<string>> TestGold { get; init; } = [];

    public string WeightsFile { get; init; } = string.Empty;
}
