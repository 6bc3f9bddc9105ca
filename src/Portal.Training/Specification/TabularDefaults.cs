using Portal.Training.Data;

namespace Portal.Training.Specification;

/// <summary>
/// The settings the portal proposes for a table: sized so that small tables get enough optimiser steps and large
/// ones do not take all day. The user may change every value.
/// </summary>
public static class TabularDefaults
{
    private const int TargetSteps = 3_000;

    public static TabularSpecification Propose(TabularData data, TrainingTask task, string target) => Propose(data.RowCount, task, target);

    /// <summary>The proposal for a table of this many rows (the portal knows the count from the dataset's profile).</summary>
    public static TabularSpecification Propose(long rowCount, TrainingTask task, string target)
    {
        var split = new SplitSettings();
        var trainingRows = (int)Math.Clamp(rowCount * (1 - split.ValidationFraction - split.TestFraction), 1, int.MaxValue);
        var batch = (int)Math.Clamp(Math.Pow(2, Math.Floor(Math.Log2(Math.Max(1, trainingRows / 20.0)))), 16, 256);
        var stepsPerEpoch = Math.Max(1, (trainingRows + batch - 1) / batch);
        var epochs = Math.Clamp(TargetSteps / stepsPerEpoch, 30, 300);
        return new TabularSpecification
        {
            Task = task,
            Target = target,
            Model = ModelFamily.Auto,
            Split = split,
            Hyperparameters = new Hyperparameters
            {
                BatchSize = Math.Min(batch, trainingRows),
                Epochs = epochs,
                Patience = Math.Max(10, epochs / 5),
                WarmupEpochs = Math.Max(1, epochs / 20),
                BalanceClasses = false,
            },
        };
    }
}
