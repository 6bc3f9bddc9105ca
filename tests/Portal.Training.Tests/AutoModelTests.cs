using System.Globalization;
using Portal.Training.Specification;
using Portal.Training.Trainers;

namespace Portal.Training.Tests;

public class AutoModelTests
{
    /// <summary>A regression run with the proposed defaults (model Auto).</summary>
    private static TabularTrainingResult TrainAuto(Portal.Training.Data.TabularData data, string target, WorkFolder work) =>
        TabularTrainer.Train(TabularDefaults.Propose(data, TrainingTask.Regression, target), data, new TrainingOptions { WorkFolder = work.Path });

    [Fact]
    public void Auto_keeps_the_linear_model_for_a_linear_target()
    {
        using var work = new WorkFolder();

        var result = TrainAuto(SyntheticTables.LinearTrade(600, seed: 21), "trade", work);

        Assert.Equal(ModelFamily.Linear, result.Model);
        // 2% of gdp values are missing by construction, which caps R² near 0.98.
        Assert.True(result.Regression!.RSquared > 0.95, $"R² {result.Regression.RSquared:F4}");
    }

    [Fact]
    public void On_a_small_table_auto_compares_the_models_by_five_fold_cross_validation_and_keeps_the_better_one()
    {
        using var work = new WorkFolder();
        var data = SyntheticTables.LinearTrade(60, seed: 23);
        var reports = new List<TrainingProgress>();

        var result = TabularTrainer.Train(TabularDefaults.Propose(data, TrainingTask.Regression, "trade"), data, new TrainingOptions
        {
            WorkFolder = work.Path, Progress = reports.Add, ProgressInterval = TimeSpan.Zero,
        });

        Assert.Equal(TabularTrainer.Folds, result.Folds);
        Assert.Equal([ModelFamily.Linear, ModelFamily.Mlp], result.Candidates.Select(c => c.Model));
        var (linear, mlp) = (result.Candidates[0].ValidationLoss, result.Candidates[1].ValidationLoss);
        Assert.Equal(mlp < (1 - TabularTrainer.AutoMlpMargin) * linear ? ModelFamily.Mlp : ModelFamily.Linear, result.Model);
        Assert.Equal(result.Model, Assert.Single(result.Candidates, c => c.Chosen).Model);
        Assert.Equal(5, Directory.GetDirectories(work.Path, "cv-linear-*").Length); // each fold resumable in its own folder
        // The time left counts the ten fold trainings and the final one, not only the training under way.
        var first = reports.First(r => r.Phase == "cv-linear" && r.ValidationLoss is not null);
        Assert.True(first.Remaining >= 5 * first.Elapsed, $"{first.Remaining} left after {first.Elapsed}");
        Assert.Contains(reports, r => r.Phase == "cv-mlp");
        Assert.True(result.Regression!.RSquared > 0.9, $"R² {result.Regression.RSquared:F3}");
    }

    [Fact]
    public void Auto_takes_the_mlp_when_the_target_is_clearly_not_linear()
    {
        var random = new Random(22);
        var rows = Enumerable.Range(0, 1_500).Select(_ =>
        {
            double a = random.NextDouble() * 6 - 3, b = random.NextDouble() * 6 - 3;
            return string.Create(CultureInfo.InvariantCulture, $"{a},{b},{Math.Sin(2 * a) * b + 0.05 * random.NextDouble()}");
        });
        var data = SyntheticTables.FromText("a,b,y\n" + string.Join("\n", rows) + "\n");
        using var work = new WorkFolder();

        var result = TrainAuto(data, "y", work);

        Assert.Equal(ModelFamily.Mlp, result.Model);
        Assert.Equal(5, result.Folds); // 1,050 training and validation rows: cross-validated
        Assert.True(result.Regression!.RSquared > 0.9, $"R² {result.Regression.RSquared:F3}");
    }

    [Theory]
    [InlineData(150, 16, 300)]
    [InlineData(10_000, 256, 107)]
    [InlineData(1_000_000, 256, 30)]
    public void Proposed_defaults_scale_batch_and_epochs_with_the_table(int rows, int batch, int epochs)
    {
        var data = SyntheticTables.FromText("x,y\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i % 7},{i % 3}\n")));

        var spec = TabularDefaults.Propose(data, TrainingTask.Regression, "y");

        Assert.Equal(batch, spec.Hyperparameters.BatchSize);
        Assert.Equal(epochs, spec.Hyperparameters.Epochs);
        Assert.Equal(ModelFamily.Auto, spec.Model);
        Assert.Empty(SpecificationValidator.Validate(spec, data));
    }
}
