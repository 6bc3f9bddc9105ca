using System.Diagnostics;
using Portal.Training.Data;
using Portal.Training.Devices;
using Portal.Training.Evaluation;
using Portal.Training.Models;
using Portal.Training.Preprocessing;
using Portal.Training.Specification;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.Training.Trainers;

/// <summary>
/// Trains a tabular regression or classification model. Deterministic for a seed on the CPU: each epoch reseeds the
/// random generators from (seed, epoch), so a run resumed from its last checkpoint ends exactly where an
/// uninterrupted one does. Call it on a dedicated thread: TorchSharp's dispose scopes are per thread.
/// </summary>
public static class TabularTrainer
{
    /// <summary>Auto keeps the linear model unless the MLP's validation loss is lower by more than this share.</summary>
    public const double AutoMlpMargin = 0.10;

    public static TabularTrainingResult Train(
        TabularSpecification spec, TabularData data, TrainingOptions options, CancellationToken cancellationToken = default)
    {
        SpecificationValidator.EnsureValid(spec, data);
        if (spec.Model != ModelFamily.Auto)
        {
            return TrainOne(spec, data, options, cancellationToken);
        }

        // Small tables are often served best by a linear model, larger ones by the MLP: train both (each resumable in
        // its own folder) and keep the one that does better on the validation rows, never looking at the test rows.
        var candidates = new List<TabularTrainingResult>();
        foreach (var family in new[] { ModelFamily.Linear, ModelFamily.Mlp })
        {
            if (candidates.Count > 0 && options.ShouldStop?.Invoke() == true)
            {
                return candidates[0]; // told to stop: the linear model is what there is
            }

            var folder = Path.Combine(options.WorkFolder, family.ToString().ToLowerInvariant());
            candidates.Add(TrainOne(spec with { Model = family }, data, new TrainingOptions
            {
                WorkFolder = folder, Device = options.Device, Progress = options.Progress, EpochCompleted = options.EpochCompleted,
                    ProgressInterval = options.ProgressInterval,
                ShouldStop = options.ShouldStop, Phase = family.ToString().ToLowerInvariant(),
            }, cancellationToken));
        }

        // The MLP's validation loss is optimistic (early stopping picked its best epoch on those same rows), so the
        // simpler model stays unless the MLP is clearly better.
        var (linear, mlp) = (candidates[0], candidates[1]);
        return BestValidationLoss(mlp) < (1 - AutoMlpMargin) * BestValidationLoss(linear) ? mlp : linear;
    }

    private static TabularTrainingResult TrainOne(
        TabularSpecification spec, TabularData data, TrainingOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var h = spec.Hyperparameters;
        var device = options.Device ?? DeviceProbe.Current;
        var target = DeviceProbe.TorchDevice(device);

        var prepared = TabularDataset.Prepare(spec, data);
        using var tensors = prepared.ToTensors(target);

        // The run's own random generators (never libtorch's global one), so other work in the process cannot disturb it.
        using var initGenerator = new torch.Generator((ulong)spec.Split.Seed);
        using var dropoutGenerator = new torch.Generator((ulong)spec.Split.Seed, target);
        using var model = new TabularNetwork(prepared.State.Width, prepared.State.Outputs, spec.Model, h, dropoutGenerator);
        model.Initialize(initGenerator);
        model.to(target);
        using var classWeights = h.BalanceClasses && spec.Task == TrainingTask.Classification ? tensors.ClassWeights(prepared.State.Outputs)
            : null;
        var (state, resumed) = TrainingLoop.Run(new LoopInputs
        {
            Model = model,
            TrainX = tensors.TrainX,
            TrainY = tensors.TrainY,
            ValidationX = tensors.ValidationX,
            ValidationY = tensors.ValidationY,
            Loss = (x, y) => Loss(spec.Task, model.forward(x), y, classWeights),
            DropoutGenerator = dropoutGenerator,
        }, h, spec.Split.Seed, SpecificationHash.Of(spec), options, cancellationToken);

        return TabularEvaluator.Evaluate(
            spec, prepared, new TabularPredictor(model, prepared.State, target), state, resumed, device.Describe(), clock.Elapsed) with
        {
            Model = spec.Model,
            WeightsFile = new CheckpointStore(options.WorkFolder).BestWeights,
        };
    }

    private static double BestValidationLoss(TabularTrainingResult result) => result.History[result.BestEpoch - 1].ValidationLoss;

    internal static Tensor Loss(TrainingTask task, Tensor output, Tensor target, Tensor? classWeights) =>
        task == TrainingTask.Regression
            ? nn.functional.mse_loss(output.squeeze(1), target)
            : nn.functional.cross_entropy(output, target, classWeights);
}
