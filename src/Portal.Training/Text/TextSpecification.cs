using System.Text.Json.Serialization;
using Portal.Training.Specification;

namespace Portal.Training.Text;

public enum TextModel
{
    /// <summary>
    /// Trains the n-gram models and keeps the one with the best macro-F1 on held-out texts (cross-validated on small
    /// corpora).
    /// </summary>
    Auto,

    /// <summary>
    /// Softmax regression over TF-IDF-weighted word and character n-grams: the classic strong baseline, trained in
    /// TorchSharp.
    /// </summary>
    TfIdfLinear,

    /// <summary>fastText-style: the mean of word/character n-gram embeddings into a linear layer.</summary>
    BagOfEmbeddings,
    BiGru,
    Transformer,
}

/// <summary>Classify a text column into the labels of another; any language, Chinese without a segmenter.</summary>
public sealed record TextSpecification : TrainingSpecification
{
    public required string TextColumn { get; init; }
    public required string LabelColumn { get; init; }
    public TextModel Model { get; init; } = TextModel.Auto;
    public int VocabularySize { get; init; } = 200_000;
    public int EmbeddingSize { get; init; } = 64;

    /// <summary>Tokens (or n-grams, for the bag model) kept per text; longer texts are cut.</summary>
    public int MaxTokens { get; init; } = 256;

    public override Hyperparameters Hyperparameters { get; init; } = new()
    {
        Epochs = 10, BatchSize = 64, LearningRate = 0.005, Dropout = 0.1, Patience = 3, WarmupEpochs = 0,
    };

    public SplitSettings Split { get; init; } = new();

    [JsonIgnore]
    public override SplitSettings Holdout => Split;

    [JsonIgnore]
    public override string Subject => LabelColumn;

    [JsonIgnore]
    public override IReadOnlyList<string> Inputs => [TextColumn];

    [JsonIgnore]
    public override string ModelName => ModelKey(Model);

    /// <summary>The name of a text model among all models' names (the tables' Auto is a different choice).</summary>
    public static string ModelKey(TextModel model) => model == TextModel.Auto ? "TextAuto" : model.ToString();
}
