using System.Globalization;
using System.IO.Compression;
using System.Text;
using Portal.Formats;
using Portal.Training.Entities;
using Portal.Training.Forecasting;
using Portal.Training.Packaging;
using Portal.Training.Specification;
using Portal.Training.Text;
using Portal.Training.Trainers;

namespace Portal.Training.Tests;

/// <summary>Every kind of model package reproduces its run's own test predictions after saving and loading.</summary>
public class PackageRoundTripTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(TextModel.Auto)]
    [InlineData(TextModel.TfIdfLinear)]
    [InlineData(TextModel.BagOfEmbeddings)]
    [InlineData(TextModel.BiGru)]
    public void Text_classifier_package_reproduces_the_test_probabilities(TextModel kind)
    {
        var data = SyntheticTables.FromText(SyntheticText.Csv(800, seed: 61));
        using var work = new WorkFolder();
        var spec = new TextSpecification { TextColumn = "text", LabelColumn = "sentiment", Model = kind, MaxTokens = 64, Hyperparameters = new TextSpecification { TextColumn = "", LabelColumn = "" }.Hyperparameters with { Epochs = 3 } };
        var result = TextTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });
        var zip = Path.Combine(work.Path, "text.zip");

        TextModelPackage.Write(zip, spec, result, Now);
        using var model = TextModelPackage.Load(zip);

        var texts = result.Split.Test.Select(r => data.Column("text")[r]).ToList();
        Assert.Equal(result.TestProbabilities.SelectMany(p => p), model.Probabilities(texts).SelectMany(p => p));
        Assert.Equal(["negative", "positive"], model.Labels);
        Assert.Contains("vocabulary.json", Entries(zip));
        Assert.NotEqual(TextModel.Auto, model.Specification.Model); // the package names the model Auto chose
        Assert.Equal(model.Specification.Model == TextModel.TfIdfLinear, Entries(zip).Contains("idf.json"));
    }

    [Fact]
    public void Entity_tagger_package_reproduces_the_test_tags()
    {
        var lines = new StringBuilder();
        var random = new Random(62);
        string[] names = ["Maria", "Li", "Amina", "John"];
        string[] places = ["Geneva", "Oslo", "Nairobi"];
        for (var s = 0; s < 200; s++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"{names[random.Next(4)]} B-PER\nvisited O\n{places[random.Next(3)]} B-LOC\n. O\n\n");
        }

        var corpus = ConllReader.Parse(lines.ToString().Split('\n'));
        using var work = new WorkFolder();
        var spec = new EntitySpecification { Hyperparameters = new EntitySpecification().Hyperparameters with { Epochs = 3 } };
        var result = EntityTrainer.Train(spec, corpus, new TrainingOptions { WorkFolder = work.Path });
        var zip = Path.Combine(work.Path, "entities.zip");

        EntityModelPackage.Write(zip, spec, result, Now);
        using var model = EntityModelPackage.Load(zip);

        Assert.Equal(result.TestPredictions.SelectMany(t => t), model.Tag(result.TestTokens).SelectMany(t => t));
        Assert.Contains("tags.json", Entries(zip));
    }

    [Theory]
    [InlineData(ForecastModel.Auto)]
    [InlineData(ForecastModel.ExponentialSmoothing)]
    [InlineData(ForecastModel.LagMlp)]
    public void Forecaster_package_reproduces_the_next_forecast_its_times_and_intervals(ForecastModel model)
    {
        var text = new StringBuilder("day,value\n");
        for (var d = 0; d < 200; d++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{d},{50 + 10 * Math.Sin(2 * Math.PI * d / 7) + 0.1 * d}\n");
        }

        var data = SyntheticTables.FromText(text.ToString());
        using var work = new WorkFolder();
        var spec = new ForecastSpecification { Target = "value", TimeColumn = "day", Horizon = 5, Model = model, Hyperparameters = new ForecastSpecification { Target = "", TimeColumn = "" }.Hyperparameters with { Epochs = 5 } };
        var result = ForecastTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });
        var zip = Path.Combine(work.Path, "forecast.zip");

        ForecastModelPackage.Write(zip, spec, result, Now);
        using var forecaster = ForecastModelPackage.Load(zip);
        var (values, times, intervals) = forecaster.ForecastNext(data);

        Assert.Equal(result.NextForecast, values);
        Assert.Equal(["200", "201", "202", "203", "204"], times);
        Assert.Equal(result.NextIntervals.Select(b => b.Upper), intervals.Select(b => b.Upper));
        Assert.Contains("model-card.md", Entries(zip));
        Assert.Equal(model != ForecastModel.ExponentialSmoothing, Entries(zip).Contains("model.weights"));
    }

    [Fact]
    public void A_package_of_one_kind_is_not_loaded_as_another()
    {
        var data = SyntheticTables.LinearTrade(200, seed: 63);
        using var work = new WorkFolder();
        var spec = new TabularSpecification { Model = ModelFamily.Linear, Task = TrainingTask.Regression, Target = "trade", Hyperparameters = new Hyperparameters { Epochs = 2, WarmupEpochs = 0 } };
        var result = TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });
        var zip = Path.Combine(work.Path, "tabular.zip");
        TabularModelPackage.Write(zip, spec, result, Now);

        var error = Assert.Throws<InvalidDataException>(() => TextModelPackage.Load(zip));

        Assert.Contains("tabular", error.Message);
    }

    private static List<string> Entries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.Select(e => e.FullName).ToList();
    }
}
