using Portal.Training.Specification;
using Portal.Training.Text;
using Portal.Training.Trainers;

namespace Portal.Training.Tests;

public class TextTests
{
    [Fact]
    public void Chinese_is_split_into_characters_and_spaced_scripts_into_words()
    {
        Assert.Equal(["贸", "易", "政", "策", "trade", "policy", "2024"], TextTokenizer.Atoms("贸易政策：Trade policy, 2024!"));
        Assert.Equal(["贸", "贸\u241F易", "易"], TextTokenizer.NGrams(["贸", "易"]));
        Assert.Equal(["trade", "<tr", "tra", "rad", "ade", "de>"], TextTokenizer.NGrams(["trade"]));
        Assert.Empty(TextTokenizer.Atoms("  ，。 "));
    }

    [Fact]
    public void The_vocabulary_keeps_the_most_frequent_tokens_and_maps_the_rest_to_unknown()
    {
        var vocabulary = Vocabulary.Fit([["a", "b", "a"], ["a", "c", "b"]], maxSize: 4);

        Assert.Equal(["a", "b"], vocabulary.Tokens);
        Assert.Equal(2, vocabulary.IdOf("a"));
        Assert.Equal(Vocabulary.Unknown, vocabulary.IdOf("c"));
    }

    [Fact]
    public void Bag_of_embeddings_learns_sentiment_in_chinese_and_english()
    {
        var data = SyntheticTables.FromText(SyntheticText.Csv(3_000, seed: 41));
        using var work = new WorkFolder();
        var spec = new TextSpecification { TextColumn = "text", LabelColumn = "sentiment" };

        var result = TextTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });

        Assert.True(result.Scores.Accuracy > 0.97, $"accuracy {result.Scores.Accuracy:F3}");
        Assert.InRange(result.Baseline.Accuracy, 0.4, 0.6);
        Assert.Equal(["negative", "positive"], result.Classes);
        Assert.True(result.CharacterAtoms);
        Assert.True(result.SamplesPerSecond > 0);
        Assert.All(result.MostConfused, e => Assert.NotEqual(e.Actual, e.Predicted));
    }

    [Theory]
    [InlineData(TextModel.BiGru)]
    [InlineData(TextModel.Transformer)]
    public void Sequence_models_learn_sentiment_too(TextModel model)
    {
        var data = SyntheticTables.FromText(SyntheticText.Csv(1_500, seed: 42));
        using var work = new WorkFolder();
        var spec = new TextSpecification
        {
            TextColumn = "text", LabelColumn = "sentiment", Model = model, MaxTokens = 32, EmbeddingSize = 32,
            Hyperparameters = new Hyperparameters { Epochs = 8, BatchSize = 32, LearningRate = 0.005, HiddenWidth = 32, Dropout = 0.1, Patience = 8, WarmupEpochs = 0 },
        };

        var result = TextTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });

        Assert.True(result.Scores.Accuracy > 0.9, $"{model} accuracy {result.Scores.Accuracy:F3}");
    }

    [Fact]
    public void A_single_label_is_refused()
    {
        var data = SyntheticTables.FromText("text,label\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"text {i},same\n")));

        var problem = Assert.Single(TextTrainer.Validate(new TextSpecification { TextColumn = "text", LabelColumn = "label" }, data));

        Assert.Equal(("LabelColumn", "Target.OneClass"), (problem.Setting, problem.Code));
    }
}

public class TextDefaultsTests
{
    [Theory]
    [InlineData(1_000, 16)]
    [InlineData(20_000, 128)]
    [InlineData(200_000, 256)]
    public void Batches_grow_with_the_corpus(int rows, int batch)
    {
        var data = SyntheticTables.FromText("text,label\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"t{i % 9},l{i % 2}\n")));

        Assert.Equal(batch, TextDefaults.Propose(data, "text", "label").Hyperparameters.BatchSize);
    }
}
