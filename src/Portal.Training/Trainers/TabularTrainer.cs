using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
    // Targets are standardised, so a sensible loss is around 1; this far above it the weights are running away
    // even if float arithmetic has not overflowed yet.
    private const float DivergedLoss = 1e8f;

    /// <summary>Auto keeps the linear model unless the MLP's validation loss is lower by more than this share.</summary>
    public const double AutoMlpMargin = 0.10;

    public static TabularTrainingResult Train(TabularSpecification spec, TabularData data, TrainingOptions options, CancellationToken cancellationToken = default)
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
            var folder = Path.Combine(options.WorkFolder, family.ToString().ToLowerInvariant());
            candidates.Add(TrainOne(spec with { Model = family }, data, new TrainingOptions
            {
                WorkFolder = folder, Device = options.Device, Progress = options.Progress, EpochCompleted = options.EpochCompleted, ProgressInterval = options.ProgressInterval,
            }, cancellationToken));
        }

        // The MLP's validation loss is optimistic (early stopping picked its best epoch on those same rows), so the
        // simpler model stays unless the MLP is clearly better.
        var (linear, mlp) = (candidates[0], candidates[1]);
        return BestValidationLoss(mlp) < (1 - AutoMlpMargin) * BestValidationLoss(linear) ? mlp : linear;
    }

    private static TabularTrainingResult TrainOne(TabularSpecification spec, TabularData data, TrainingOptions options, CancellationToken cancellationToken)
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
        using var optimizer = CreateOptimizer(model, h);
        using var classWeights = h.BalanceClasses && spec.Task == TrainingTask.Classification ? tensors.ClassWeights(prepared.State.Outputs) : null;

        var store = new CheckpointStore(options.WorkFolder);
        var specHash = Hash(spec);
        var state = store.TryLoad(model, optimizer);
        var resumed = state is not null;
        if (state is not null && state.SpecificationHash != specHash)
        {
            throw new TrainingFailedException("Checkpoint.Mismatch", "The checkpoint in the work folder belongs to different settings; start the run in a new folder.");
        }

        state ??= new CheckpointState(specHash, 0, double.PositiveInfinity, 0, 0, false, []);
        var trainRows = prepared.Split.Train.Length;
        var stepsPerEpoch = (trainRows + h.BatchSize - 1) / h.BatchSize;
        var lastReport = Stopwatch.StartNew();

        for (var epoch = state.EpochsDone + 1; epoch <= h.Epochs && !state.Finished; epoch++)
        {
            dropoutGenerator.manual_seed(EpochSeed(spec.Split.Seed, epoch));
            var order = Enumerable.Range(0, trainRows).ToArray();
            new Random(EpochSeed(spec.Split.Seed, epoch)).Shuffle(order);
            model.train();
            double lossSum = 0;
            var epochClock = Stopwatch.StartNew();
            var learningRate = h.LearningRate;
            for (var step = 0; step < stepsPerEpoch; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                learningRate = LearningRateSchedule.At(h, epoch - 1 + (double)step / stepsPerEpoch);
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = learningRate;
                }

                var batch = order[(step * h.BatchSize)..Math.Min(trainRows, (step + 1) * h.BatchSize)];
                var index = torch.tensor(batch.Select(i => (long)i).ToArray(), device: target);
                optimizer.zero_grad();
                var loss = Loss(spec.Task, model.forward(tensors.TrainX.index_select(0, index)), tensors.TrainY.index_select(0, index), classWeights);
                loss.backward();
                torch.nn.utils.clip_grad_norm_(model.parameters(), h.GradientClip);
                optimizer.step();
                var value = loss.item<float>();
                if (!float.IsFinite(value) || value > DivergedLoss)
                {
                    var what = float.IsNaN(value) ? "NaN" : float.IsInfinity(value) ? "infinite" : "far too large";
                    throw new TrainingFailedException("Training.Diverged",
                        $"The training loss became {what} in epoch {epoch}. Try a lower learning rate than {h.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
                }

                lossSum += value * batch.Length;
                if (options.Progress is not null && lastReport.Elapsed >= options.ProgressInterval && step < stepsPerEpoch - 1)
                {
                    lastReport.Restart();
                    options.Progress(Progress(epoch, h, step + 1, stepsPerEpoch, lossSum / ((step + 1.0) * h.BatchSize), null, learningRate, (step + 1.0) * h.BatchSize / epochClock.Elapsed.TotalSeconds, clock.Elapsed, epochClock.Elapsed));
                }
            }

            var validationLoss = EvaluateLoss(spec.Task, model, tensors.ValidationX, tensors.ValidationY, classWeights);
            var record = new EpochRecord(epoch, lossSum / trainRows, validationLoss, learningRate);
            var improved = validationLoss < state.BestValidationLoss - 1e-7;
            if (improved)
            {
                store.SaveBest(model);
            }

            var withoutImprovement = improved ? 0 : state.EpochsWithoutImprovement + 1;
            state = state with
            {
                EpochsDone = epoch,
                BestValidationLoss = improved ? validationLoss : state.BestValidationLoss,
                BestEpoch = improved ? epoch : state.BestEpoch,
                EpochsWithoutImprovement = withoutImprovement,
                Finished = withoutImprovement >= h.Patience || epoch == h.Epochs,
                History = [.. state.History, record],
            };
            store.Save(model, optimizer, state);
            options.Progress?.Invoke(Progress(epoch, h, stepsPerEpoch, stepsPerEpoch, record.TrainLoss, validationLoss, learningRate, trainRows / epochClock.Elapsed.TotalSeconds, clock.Elapsed, epochClock.Elapsed));
            options.EpochCompleted?.Invoke(record);
        }

        model.load(store.BestWeights);
        return TabularEvaluator.Evaluate(spec, prepared, new TabularPredictor(model, prepared.State, target), state, resumed, device.Describe(), clock.Elapsed) with
        {
            Model = spec.Model,
            WeightsFile = store.BestWeights,
        };
    }

    private static double BestValidationLoss(TabularTrainingResult result) => result.History[result.BestEpoch - 1].ValidationLoss;

    internal static Tensor Loss(TrainingTask task, Tensor output, Tensor target, Tensor? classWeights) =>
        task == TrainingTask.Regression
            ? nn.functional.mse_loss(output.squeeze(1), target)
            : nn.functional.cross_entropy(output, target, classWeights);

    private static double EvaluateLoss(TrainingTask task, TabularNetwork model, Tensor x, Tensor y, Tensor? classWeights)
    {
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return Loss(task, model.forward(x), y, classWeights).item<float>();
    }

    private static OptimizerHelper CreateOptimizer(TabularNetwork model, Hyperparameters h) => h.Optimizer switch
    {
        OptimizerKind.Sgd => torch.optim.SGD(model.parameters(), h.LearningRate, momentum: h.Momentum, weight_decay: h.WeightDecay),
        _ => torch.optim.AdamW(model.parameters(), h.LearningRate, weight_decay: h.WeightDecay),
    };

    private static TrainingProgress Progress(int epoch, Hyperparameters h, int step, int steps, double trainLoss, double? validationLoss, double lr, double samplesPerSecond, TimeSpan elapsed, TimeSpan epochElapsed)
    {
        var epochsLeft = h.Epochs - epoch + (1 - (double)step / steps);
        var perEpoch = epochElapsed.TotalSeconds / Math.Max(1e-9, (double)step / steps);
        return new TrainingProgress(epoch, h.Epochs, step, steps, trainLoss, validationLoss, lr, samplesPerSecond, elapsed, TimeSpan.FromSeconds(perEpoch * epochsLeft));
    }

    private static int EpochSeed(int seed, int epoch) => unchecked((seed * 1_000_003) + epoch);

    private static string Hash(TabularSpecification spec) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(spec))))[..16];
}
