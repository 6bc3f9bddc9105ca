using System.IO.Compression;
using Portal.Training.Packaging;
using Portal.Training.Preprocessing;
using Portal.Training.Specification;
using Portal.Training.Trainers;

namespace Portal.Training.Tests;

public class ModelPackageTests
{
    private static readonly Hyperparameters Quick = new() { Epochs = 15, BatchSize = 32, LearningRate = 0.01, Patience = 20 };

    [Fact]
    public void A_saved_regression_model_reproduces_the_runs_test_predictions_exactly()
    {
        var data = SyntheticTables.LinearTrade(800, seed: 11);
        using var work = new WorkFolder();
        var spec = new TabularSpecification { Model = ModelFamily.Mlp, Task = TrainingTask.Regression, Target = "trade", GroupingColumn = "region", Hyperparameters = Quick };
        var result = TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });
        var zip = Path.Combine(work.Path, "model.zip");

        TabularModelPackage.Write(zip, spec, result, DateTimeOffset.UtcNow);
        using var model = TabularModelPackage.Load(zip);

        Assert.Equal(result.TestPredictions, model.Predict(data, result.Split.Test).Values);
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["manifest.json", "metrics.json", "model-card.md", "model.weights", "preprocessing.json", "specification.json"],
            archive.Entries.Select(e => e.FullName).Order());
    }

    [Fact]
    public void A_saved_classifier_reproduces_the_runs_test_probabilities_exactly()
    {
        var data = SyntheticTables.SeparableClasses(600, seed: 12);
        using var work = new WorkFolder();
        var spec = new TabularSpecification { Model = ModelFamily.Mlp, Task = TrainingTask.Classification, Target = "label", Hyperparameters = Quick };
        var result = TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });
        var zip = Path.Combine(work.Path, "model.zip");

        TabularModelPackage.Write(zip, spec, result, DateTimeOffset.UtcNow);
        using var model = TabularModelPackage.Load(zip);

        Assert.Equal(result.TestProbabilities!.SelectMany(p => p), model.Predict(data, result.Split.Test).Probabilities!.SelectMany(p => p));
    }

    [Fact]
    public void Scoring_reports_per_row_what_it_could_not_use_and_still_scores_every_row()
    {
        var data = SyntheticTables.LinearTrade(600, seed: 13);
        using var work = new WorkFolder();
        var spec = new TabularSpecification { Model = ModelFamily.Mlp, Task = TrainingTask.Regression, Target = "trade", Hyperparameters = Quick };
        var result = TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });
        var zip = Path.Combine(work.Path, "model.zip");
        TabularModelPackage.Write(zip, spec, result, DateTimeOffset.UtcNow);
        using var model = TabularModelPackage.Load(zip);

        // No 'rate' column; row 1 has a number that is not one; row 2 a region never seen in training.
        var newRows = SyntheticTables.FromText("gdp,distance,region\n5,2,asia\nfive,2,europe\n5,2,oceania\n");
        var scored = model.Score(newRows);

        Assert.Equal(3, scored.Count);
        Assert.All(scored, s => Assert.True(double.IsFinite(s.Value!.Value)));
        Assert.All(scored, s => Assert.Contains(s.Issues, i => i.Code == RowIssue.MissingColumn && i.Column == "rate"));
        Assert.Contains(scored[1].Issues, i => i.Code == RowIssue.NotANumber && i.Value == "five");
        Assert.Contains(scored[2].Issues, i => i.Code == RowIssue.UnseenCategory && i.Value == "oceania");
        Assert.DoesNotContain(scored[0].Issues, i => i.Code != RowIssue.MissingColumn);
    }

    [Fact]
    public void Feature_importance_finds_the_columns_that_matter_and_the_card_says_what_the_model_is()
    {
        var data = SyntheticTables.SeparableClasses(900, seed: 14);
        using var work = new WorkFolder();
        var spec = new TabularSpecification { Model = ModelFamily.Mlp, Task = TrainingTask.Classification, Target = "label", Hyperparameters = Quick };

        var result = TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });
        var card = ModelCard.Markdown(spec, result, new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal("noise", result.FeatureImportance[^1].Column);
        Assert.True(result.FeatureImportance[0].ScoreDrop > 0.2);
        Assert.InRange(result.FeatureImportance[^1].ScoreDrop, -0.03, 0.03);
        Assert.Contains("| accuracy |", card);
        Assert.Contains("(majority class)", card);
        Assert.Contains("## Limitations", card);
    }

    [Fact]
    public void Slices_by_a_grouping_column_show_the_group_the_model_serves_worst()
    {
        // The target depends on x everywhere, but in region "b" it is pure noise: that slice must come out worst.
        var random = new Random(15);
        var rows = Enumerable.Range(0, 900).Select(i =>
        {
            var region = i % 3 == 0 ? "b" : "a";
            var x = random.NextDouble() * 10;
            var y = region == "a" ? 2 * x : random.NextDouble() * 20;
            return FormattableString.Invariant($"{x},{region},{y}");
        });
        var data = SyntheticTables.FromText("x,region,y\n" + string.Join("\n", rows) + "\n");
        using var work = new WorkFolder();
        var spec = new TabularSpecification { Model = ModelFamily.Mlp, Task = TrainingTask.Regression, Target = "y", GroupingColumn = "region", Features = ["x"], Hyperparameters = Quick };

        var result = TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });

        Assert.Equal(["b", "a"], result.Slices.Select(s => s.Group));
        Assert.True(result.Slices[0].Gap < -0.3, $"gap {result.Slices[0].Gap:F3}");
        Assert.Equal(result.Split.Test.Length, result.Slices.Sum(s => s.Count));
    }
}

public class DateFeatureTests
{
    [Fact]
    public void Dates_become_year_month_and_weekday_features_that_the_model_can_use()
    {
        // Demand is high on weekends and in December: only visible through the date column.
        var start = new DateTime(2022, 1, 1);
        var rows = Enumerable.Range(0, 1_000).Select(i =>
        {
            var day = start.AddDays(i);
            var y = (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 10 : 0) + (day.Month == 12 ? 5 : 0);
            return FormattableString.Invariant($"{day:yyyy-MM-dd},{y}");
        });
        var data = SyntheticTables.FromText("date,demand\n" + string.Join("\n", rows) + "\n");
        using var work = new WorkFolder();
        var spec = new TabularSpecification
        {
            Model = ModelFamily.Mlp, Task = TrainingTask.Regression, Target = "demand",
            Hyperparameters = new Hyperparameters { Epochs = 60, BatchSize = 32, LearningRate = 0.01, Patience = 60 },
        };

        var result = Portal.Training.Trainers.TabularTrainer.Train(spec, data, new Portal.Training.Trainers.TrainingOptions { WorkFolder = work.Path });

        Assert.Equal("date", Assert.Single(result.Preprocessing.Dates!).Column);
        Assert.True(result.Regression!.RSquared > 0.95, $"R² {result.Regression.RSquared:F3}");
    }

    [Theory]
    [InlineData("2024-03-04")]
    [InlineData("2024/03/04")]
    [InlineData("04.03.2024")]
    [InlineData("2024年3月4日")]
    public void Unambiguous_date_formats_are_read(string text) =>
        Assert.Equal(new DateTime(2024, 3, 4), Portal.Training.Data.TabularData.ParseDate(text)!.Value.Date);

    [Fact]
    public void Ambiguous_day_month_order_is_not_guessed() => Assert.Null(Portal.Training.Data.TabularData.ParseDate("03/04/2024"));
}
