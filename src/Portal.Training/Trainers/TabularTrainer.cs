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
    public const double AutoMlpMargin = 0.02;

    /// <summary>Below this many training and validation rows Auto compares the models by cross-validation.</summary>
    public const int CrossValidationBelow = 2_000;

    public const int Folds = 5;

    public static TabularTrainingResult Train(
        TabularSpecification spec, TabularData data, TrainingOptions options, CancellationToken cancellationToken = default)
    {
        SpecificationValidator.EnsureValid(spec, data);
        if (spec.Model != ModelFamily.Auto)
        {
            return TrainOne(spec, data, options, cancellationToken);
        }

        // Small tables are often served best by a linear model, larger ones by the MLP. On a small table one validation split
        // of a few dozen rows decides by chance, so both are compared by 5-fold cross-validation over the training and
        // validation rows; on a large one by the validation rows. The test rows are never looked at.
        var split = DataSplitter.Split(TabularDataset.Rows(spec, data), TabularDataset.Strata(spec, data), spec.Split);
        var pool = split.Train.Concat(split.Validation).Order().ToArray();
        var families = new[] { ModelFamily.Linear, ModelFamily.Mlp };
        var target = data.Column(spec.Target);
        var smallClass = spec.Task == TrainingTask.Classification
            && pool.GroupBy(r => target[r]!.Trim(), StringComparer.Ordinal).Any(g => g.Count() < Folds);
        if (pool.Length >= CrossValidationBelow || pool.Length < 4 * Folds || smallClass) // a class in every fold's training rows
        {
            var plan = new TrainingPlan(families.Length, options.Progress);
            var trained = new List<TabularTrainingResult>();
            foreach (var family in families)
            {
                if (trained.Count > 0 && options.ShouldStop?.Invoke() == true)
                {
                    return trained[0]; // told to stop: the linear model is what there is
                }

                var name = family.ToString().ToLowerInvariant();
                trained.Add(plan.Time(() => TrainOne(spec with { Model = family }, data, Phase(options, plan, name), cancellationToken)));
            }

            var losses = trained.Select(BestValidationLoss).ToArray();
            var winner = Choose(losses);
            return trained[winner] with { Candidates = Candidates(families, losses, winner), Folds = 0 };
        }

        var folds = FoldsOf(pool, spec, data);
        var trainings = new TrainingPlan(families.Length * Folds + 1, options.Progress);
        var meanLosses = families.Select(family => folds.Select((fold, k) =>
        {
            var foldSplit = new DataSplit(pool.Except(fold).ToArray(), fold, []);
            var phase = $"cv-{family.ToString().ToLowerInvariant()}";
            var foldOptions = Phase(options, trainings, $"{phase}-{k + 1}", phase);
            return trainings.Time(() => FoldLoss(spec with { Model = family }, data, foldSplit, foldOptions, cancellationToken));
        }).Average()).ToArray();
        var chosen = Choose(meanLosses);
        var finalOptions = Phase(options, trainings, families[chosen].ToString().ToLowerInvariant());
        var final = trainings.Time(() => TrainOne(spec with { Model = families[chosen] }, data, finalOptions, cancellationToken));
        return final with { Candidates = Candidates(families, meanLosses, chosen), Folds = Folds };
    }

    /// <summary>The MLP when its loss is clearly lower (its own early stopping makes its validation loss a little optimistic).
    /// </summary>
    private static int Choose(double[] losses) => losses[1] < (1 - AutoMlpMargin) * losses[0] ? 1 : 0;

    private static List<TabularCandidate> Candidates(ModelFamily[] families, double[] losses, int chosen) =>
        families.Select((f, i) => new TabularCandidate(f, losses[i], i == chosen)).ToList();

    /// <summary>The same options in a folder of their own (each training resumes on its own), under a progress phase, with the
    /// time left counting the trainings still to come.</summary>
    private static TrainingOptions Phase(TrainingOptions options, TrainingPlan plan, string folder, string? phase = null) => new()
    {
        WorkFolder = Path.Combine(options.WorkFolder, folder), Device = options.Device, Progress = plan.Report,
        EpochCompleted = phase is null ? options.EpochCompleted : null, ProgressInterval = options.ProgressInterval,
        ShouldStop = options.ShouldStop, Phase = phase ?? folder, CheckpointInterval = options.CheckpointInterval,
    };

    /// <summary>Rows dealt to the folds after a seeded shuffle, class by class for classification so each fold keeps the balance.
    /// </summary>
    private static List<int[]> FoldsOf(int[] pool, TabularSpecification spec, TabularData data)
    {
        var random = new Random(spec.Split.Seed);
        var target = data.Column(spec.Target);
        var groups = spec.Task == TrainingTask.Classification
            ? pool.GroupBy(r => target[r]!.Trim(), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.ToArray())
            : [pool.ToArray()];
        var folds = Enumerable.Range(0, Folds).Select(_ => new List<int>()).ToList();
        var next = 0;
        foreach (var group in groups)
        {
            random.Shuffle(group);
            foreach (var row in group)
            {
                folds[next++ % Folds].Add(row);
            }
        }

        return folds.Select(f => f.Order().ToArray()).ToList();
    }

    private static TabularTrainingResult TrainOne(
        TabularSpecification spec, TabularData data, TrainingOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var device = options.Device ?? DeviceProbe.Current;
        var target = DeviceProbe.TorchDevice(device);
        var prepared = TabularDataset.Prepare(spec, data);
        var (model, state, resumed) = Fit(spec, prepared, target, options, cancellationToken);
        using (model)
        {
            return TabularEvaluator.Evaluate(
                spec, prepared, new TabularPredictor(model, prepared.State, target), state, resumed, device.Describe(), clock.Elapsed) with
            {
                Model = spec.Model,
                WeightsFile = new CheckpointStore(options.WorkFolder).BestWeights,
            };
        }
    }

    /// <summary>The best validation loss of one cross-validation fold (its held-out rows are its validation rows).</summary>
    private static double FoldLoss(
        TabularSpecification spec, TabularData data, DataSplit split, TrainingOptions options, CancellationToken cancellationToken)
    {
        var target = DeviceProbe.TorchDevice(options.Device ?? DeviceProbe.Current);
        var (model, state, _) = Fit(spec, TabularDataset.Prepare(spec, data, split), target, options, cancellationToken);
        model.Dispose();
        return state.BestValidationLoss;
    }

    private static (TabularNetwork Model, CheckpointState State, bool Resumed) Fit(
        TabularSpecification spec, TabularDataset prepared, Device target, TrainingOptions options, CancellationToken cancellationToken)
    {
        var h = spec.Hyperparameters;
        using var tensors = prepared.ToTensors(target);

        // The run's own random generators (never libtorch's global one), so other work in the process cannot disturb it.
        using var initGenerator = new torch.Generator((ulong)spec.Split.Seed);
        using var dropoutGenerator = new torch.Generator((ulong)spec.Split.Seed, target);
        var model = new TabularNetwork(prepared.State.Width, prepared.State.Outputs, spec.Model, h, dropoutGenerator);
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
        return (model, state, resumed);
    }

    private static double BestValidationLoss(TabularTrainingResult result) => result.History[result.BestEpoch - 1].ValidationLoss;

    internal static Tensor Loss(TrainingTask task, Tensor output, Tensor target, Tensor? classWeights) =>
        task == TrainingTask.Regression
            ? nn.functional.mse_loss(output.squeeze(1), target)
            : nn.functional.cross_entropy(output, target, classWeights);
}
