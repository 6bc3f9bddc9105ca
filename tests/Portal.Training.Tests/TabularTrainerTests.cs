using System.Diagnostics;
using Portal.Training.Specification;
using Portal.Training.Trainers;

namespace Portal.Training.Tests;

public class TabularTrainerTests
{
    private static readonly Hyperparameters Quick = new() { Epochs = 40, BatchSize = 32, LearningRate = 0.01, Patience = 40 };

    [Fact]
    public void Regression_learns_a_linear_target_with_missing_values_and_a_category()
    {
        var data = SyntheticTables.LinearTrade(1_500);
        using var work = new WorkFolder();
        var spec = new TabularSpecification { Model = ModelFamily.Mlp, Task = TrainingTask.Regression, Target = "trade", Hyperparameters = Quick };

        var result = TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });

        Assert.True(result.Regression!.RSquared > 0.99, $"R² {result.Regression.RSquared:F4}");
        Assert.True(result.Regression.Rmse < result.RegressionBaseline!.Rmse / 5);
        Assert.InRange(result.RegressionBaseline.RSquared, -0.05, 0.01); // the mean baseline explains nothing
        Assert.Contains(result.Preprocessing.Numeric, n => n.Column == "gdp" && n.MissingIndicator);
        Assert.Contains(result.Preprocessing.Categorical, c => c.Column == "region" && c.Levels.Count == 3);
        Assert.Equal(result.Split.Test.Length, result.TestPredictions.Count);
    }

    [Fact]
    public void Linear_model_is_enough_for_a_linear_target()
    {
        var data = SyntheticTables.LinearTrade(1_000, seed: 5);
        using var work = new WorkFolder();
        var spec = new TabularSpecification { Task = TrainingTask.Regression, Target = "trade", Model = ModelFamily.Linear, Hyperparameters = Quick with { LearningRate = 0.05 } };

        var result = TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });

        Assert.True(result.Regression!.RSquared > 0.99, $"R² {result.Regression.RSquared:F4}");
    }

    [Fact]
    public void Classification_separates_separable_classes_and_beats_the_majority_baseline()
    {
        var data = SyntheticTables.SeparableClasses(1_200);
        using var work = new WorkFolder();
        var spec = new TabularSpecification { Model = ModelFamily.Mlp, Task = TrainingTask.Classification, Target = "label", Hyperparameters = Quick };

        var result = TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });

        var scores = result.Classification!;
        Assert.True(scores.Accuracy > 0.98, $"accuracy {scores.Accuracy:F3}");
        Assert.True(scores.RocAuc > 0.99);
        Assert.Equal(["high", "low", "middle"], scores.PerClass.Select(c => c.Class));
        Assert.True(result.ClassificationBaseline!.Accuracy < 0.6);
        Assert.All(result.TestProbabilities!, p => Assert.Equal(1.0, p.Sum(), 3));
        // Stratified split: each class keeps its share in the test split.
        Assert.All(scores.PerClass, c => Assert.InRange(c.Support, 0.2 * result.Split.Test.Length, 0.6 * result.Split.Test.Length));
    }

    private static readonly TabularSpecification ResumeSpec = new()
    {
        Model = ModelFamily.Mlp, Task = TrainingTask.Classification, Target = "label", Hyperparameters = Quick with { Epochs = 8, Patience = 20 },
    };

    /// <summary>The run trained straight through, and the same run crashed at epoch 3 then started again in its folder.</summary>
    private static (TabularTrainingResult Uninterrupted, TabularTrainingResult Again, bool CheckpointAfterCrash) CrashAndRestart(TimeSpan interval)
    {
        var data = SyntheticTables.SeparableClasses(600, seed: 9);
        using var straight = new WorkFolder();
        var uninterrupted = TabularTrainer.Train(ResumeSpec, data, new TrainingOptions { WorkFolder = straight.Path });

        using var folder = new WorkFolder();
        using var crash = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => TabularTrainer.Train(ResumeSpec, data, new TrainingOptions
        {
            WorkFolder = folder.Path, CheckpointInterval = interval, EpochCompleted = e => { if (e.Epoch == 3) crash.Cancel(); },
        }, crash.Token));
        var checkpointed = new CheckpointStore(folder.Path).HasCheckpoint;
        var again = TabularTrainer.Train(ResumeSpec, data, new TrainingOptions { WorkFolder = folder.Path, CheckpointInterval = interval });
        Assert.True(new CheckpointStore(folder.Path).HasCheckpoint); // always written after the last epoch
        return (uninterrupted, again, checkpointed);
    }

    [Fact]
    public void With_a_checkpoint_interval_a_crash_before_the_first_checkpoint_starts_again_and_still_ends_exactly_the_same()
    {
        var (uninterrupted, again, checkpointed) = CrashAndRestart(TimeSpan.FromHours(1));

        Assert.False(checkpointed); // nothing written within the hour
        Assert.False(again.Resumed);
        Assert.Equal(uninterrupted.History, again.History);
        Assert.Equal(uninterrupted.TestProbabilities!.SelectMany(p => p), again.TestProbabilities!.SelectMany(p => p));
    }

    [Fact]
    public void A_run_resumed_from_its_checkpoint_ends_with_the_same_metrics_as_an_uninterrupted_run()
    {
        var (uninterrupted, resumed, checkpointed) = CrashAndRestart(TimeSpan.Zero);

        Assert.True(checkpointed);
        Assert.True(resumed.Resumed);
        Assert.Equal(8, resumed.History.Count);
        Assert.Equal(uninterrupted.History, resumed.History);
        Assert.Equal(uninterrupted.Classification!.LogLoss, resumed.Classification!.LogLoss);
        Assert.Equal(uninterrupted.TestProbabilities!.SelectMany(p => p), resumed.TestProbabilities!.SelectMany(p => p));
    }

    [Fact]
    public async Task A_run_is_reproducible_even_while_other_work_in_the_process_draws_random_numbers()
    {
        var data = SyntheticTables.SeparableClasses(500, seed: 10);
        var spec = new TabularSpecification { Model = ModelFamily.Mlp, Task = TrainingTask.Classification, Target = "label", Hyperparameters = Quick with { Epochs = 5, Dropout = 0.3 } };
        using var first = new WorkFolder();
        var quiet = TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = first.Path });

        using var stop = new CancellationTokenSource();
        var noise = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var scope = TorchSharp.torch.NewDisposeScope();
                TorchSharp.torch.manual_seed(Environment.TickCount);
                TorchSharp.torch.rand(1000).sum().item<float>();
            }
        });
        using var second = new WorkFolder();
        var noisy = TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = second.Path });
        stop.Cancel();
        await noise;

        Assert.Equal(quiet.History, noisy.History);
        Assert.Equal(quiet.TestProbabilities!.SelectMany(p => p), noisy.TestProbabilities!.SelectMany(p => p));
    }

    [Fact]
    public void Early_stopping_keeps_the_best_epoch()
    {
        var data = SyntheticTables.LinearTrade(400, seed: 3);
        using var work = new WorkFolder();
        var spec = new TabularSpecification { Model = ModelFamily.Mlp, Task = TrainingTask.Regression, Target = "trade", Hyperparameters = Quick with { Epochs = 300, Patience = 3, Schedule = ScheduleKind.Constant } };

        var result = TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });

        Assert.True(result.StoppedEarly);
        Assert.Equal(result.BestEpoch + 3, result.History.Count);
        Assert.Equal(result.History.Min(h => h.ValidationLoss), result.History[result.BestEpoch - 1].ValidationLoss);
    }

    [Fact]
    public void A_diverging_loss_stops_the_run_and_suggests_a_lower_learning_rate()
    {
        var data = SyntheticTables.LinearTrade(300, seed: 4);
        using var work = new WorkFolder();
        var spec = new TabularSpecification
        {
            Task = TrainingTask.Regression, Target = "trade", Model = ModelFamily.Linear,
            Hyperparameters = Quick with { Optimizer = OptimizerKind.Sgd, LearningRate = 9.5, Momentum = 0.99, WarmupEpochs = 0, Schedule = ScheduleKind.Constant, GradientClip = 1e12 },
        };

        var error = Assert.Throws<TrainingFailedException>(() => TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path }));

        Assert.Equal("Training.Diverged", error.Code);
        Assert.Contains("Try a lower learning rate than 9.5", error.Message);
    }

    [Fact]
    public void Cancellation_stops_training_within_a_second()
    {
        var data = SyntheticTables.LinearTrade(20_000, seed: 6);
        using var work = new WorkFolder();
        var spec = new TabularSpecification { Model = ModelFamily.Mlp, Task = TrainingTask.Regression, Target = "trade", Hyperparameters = Quick with { Epochs = 1_000, BatchSize = 16, HiddenWidth = 256 } };
        using var cancel = new CancellationTokenSource();
        var signalled = new Stopwatch();

        var training = Task.Run(() => TabularTrainer.Train(spec, data, new TrainingOptions
        {
            WorkFolder = work.Path,
            ProgressInterval = TimeSpan.FromMilliseconds(100),
            Progress = _ => { if (!cancel.IsCancellationRequested) { signalled.Start(); cancel.Cancel(); } },
        }, cancel.Token));

        Assert.ThrowsAny<OperationCanceledException>(() => training.GetAwaiter().GetResult());
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(1), $"stopped {signalled.Elapsed.TotalMilliseconds:F0} ms after the signal");
    }

    [Fact]
    public void Progress_is_reported_every_epoch_with_an_estimate_of_the_time_left()
    {
        var data = SyntheticTables.LinearTrade(300, seed: 8);
        using var work = new WorkFolder();
        var reports = new List<TrainingProgress>();
        var spec = new TabularSpecification { Model = ModelFamily.Mlp, Task = TrainingTask.Regression, Target = "trade", Hyperparameters = Quick with { Epochs = 5, Patience = 10 } };

        TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path, Progress = reports.Add });

        var epochEnds = reports.Where(r => r.ValidationLoss is not null).ToList();
        Assert.Equal([1, 2, 3, 4, 5], epochEnds.Select(r => r.Epoch));
        Assert.All(epochEnds, r => Assert.True(r.SamplesPerSecond > 0 && r.Remaining is not null));
        Assert.True(epochEnds[^1].Remaining!.Value < TimeSpan.FromMilliseconds(1));
    }
}
