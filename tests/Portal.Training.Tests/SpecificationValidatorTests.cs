using Portal.Training.Specification;
using Portal.Training.Trainers;

namespace Portal.Training.Tests;

public class SpecificationValidatorTests
{
    private static readonly Portal.Training.Data.TabularData Table = SyntheticTables.LinearTrade(200);

    private static IReadOnlyList<SettingProblem> Check(TabularSpecification spec) => SpecificationValidator.Validate(spec, Table);

    private static TabularSpecification Regression(Hyperparameters? h = null) =>
        new() { Task = TrainingTask.Regression, Target = "trade", Hyperparameters = h ?? new Hyperparameters() };

    [Fact]
    public void Defaults_are_valid() => Assert.Empty(Check(Regression()));

    [Theory]
    [InlineData(0.0, "LearningRate")]
    [InlineData(-0.1, "LearningRate")]
    public void Learning_rate_must_be_positive(double lr, string setting) =>
        Assert.Equal(setting, Assert.Single(Check(Regression(new Hyperparameters { LearningRate = lr }))).Setting);

    [Fact]
    public void Batch_larger_than_the_training_rows_is_refused_naming_both_numbers()
    {
        var problem = Assert.Single(Check(Regression(new Hyperparameters { BatchSize = 1_000 })));

        Assert.Equal("BatchSize", problem.Setting);
        Assert.Contains("1000", problem.Message);
        Assert.Contains("140 training rows", problem.Message);
    }

    [Fact]
    public void Several_bad_settings_are_all_reported_at_once()
    {
        var problems = Check(Regression(new Hyperparameters { Epochs = 0, Dropout = 1.0, HiddenLayers = 0 }));

        Assert.Equal(["Epochs", "Dropout", "HiddenLayers", "WarmupEpochs"], problems.Select(p => p.Setting));
    }

    [Fact]
    public void A_constant_or_missing_target_and_a_single_class_are_refused()
    {
        var table = SyntheticTables.FromText("a,same,empty,label\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{i},7,,yes\n")));

        Assert.Equal("Target.Constant", Assert.Single(SpecificationValidator.Validate(new TabularSpecification { Task = TrainingTask.Regression, Target = "same" }, table)).Code);
        Assert.Equal("Target.AllMissing", Assert.Single(SpecificationValidator.Validate(new TabularSpecification { Task = TrainingTask.Regression, Target = "empty" }, table)).Code);
        Assert.Equal("Target.OneClass", Assert.Single(SpecificationValidator.Validate(new TabularSpecification { Task = TrainingTask.Classification, Target = "label" }, table)).Code);
    }

    [Fact]
    public void Unknown_columns_are_named()
    {
        Assert.Equal("Target.Missing", Assert.Single(Check(Regression() with { Target = "exports" })).Code);
        var problem = Assert.Single(Check(Regression() with { Features = ["gdp", "population"] }));
        Assert.Equal(("Features", "Feature.Missing"), (problem.Setting, problem.Code));
        Assert.Contains("'population'", problem.Message);
    }

    [Fact]
    public void The_trainer_refuses_a_bad_specification_before_training()
    {
        using var work = new WorkFolder();

        var error = Assert.Throws<InvalidSpecificationException>(() =>
            TabularTrainer.Train(Regression(new Hyperparameters { LearningRate = 0 }), Table, new TrainingOptions { WorkFolder = work.Path }));

        Assert.Equal("LearningRate", Assert.Single(error.Problems).Setting);
        Assert.False(Directory.Exists(work.Path)); // nothing was written
    }
}
