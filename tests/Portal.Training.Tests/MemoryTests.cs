using Portal.Training.Specification;
using Portal.Training.Trainers;

namespace Portal.Training.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Memory, alone in the process";
}

/// <summary>Runs after the parallel tests, alone, so the process working set is this training's own.</summary>
[Collection(MemoryCollection.Name)]
public class MemoryTests
{
    [Fact]
    public void Native_memory_settles_instead_of_growing_epoch_after_epoch()
    {
        var data = SyntheticTables.LinearTrade(8_000, seed: 16);
        using var work = new WorkFolder();
        var spec = new TabularSpecification
        {
            Model = ModelFamily.Mlp, Task = TrainingTask.Regression, Target = "trade",
            Hyperparameters = new Hyperparameters { Epochs = 30, Patience = 100, BatchSize = 32, HiddenWidth = 128, LearningRate = 0.01 },
        };
        var workingSet = new List<long>();

        TabularTrainer.Train(spec, data, new TrainingOptions
        {
            WorkFolder = work.Path,
            EpochCompleted = _ =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                using var process = System.Diagnostics.Process.GetCurrentProcess();
                workingSet.Add(process.WorkingSet64);
            },
        });

        var growth = workingSet[^1] - workingSet[9];
        Assert.True(growth < 32L * 1024 * 1024, $"working set grew {growth / 1024 / 1024} MB between epochs 10 and 30: {string.Join(", ", workingSet.Select(w => w / 1024 / 1024))} MB");
    }
}
