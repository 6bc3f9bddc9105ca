using System.Diagnostics;
using System.Globalization;
using Portal.Training.Specification;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Portal.Training.Trainers;

/// <summary>What the loop trains: a model, its data as row-indexed tensors, and how to compute the loss of a batch.</summary>
public sealed class LoopInputs
{
    public required nn.Module Model { get; init; }
    public required Tensor TrainX { get; init; }
    public required Tensor TrainY { get; init; }
    public required Tensor ValidationX { get; init; }
    public required Tensor ValidationY { get; init; }

    /// <summary>Forward pass and loss for a batch of rows (x, y); the model is in train or eval mode as appropriate.</summary>
    public required Func<Tensor, Tensor, Tensor> Loss { get; init; }

    /// <summary>The generator the model's dropout draws from; reseeded from (seed, epoch) at every epoch.</summary>
    public required Generator DropoutGenerator { get; init; }

    /// <summary>The optimiser of the model's lookup tables, when it has any; saved and resumed with the checkpoint.</summary>
    public RowAdam? Rows { get; init; }

    /// <summary>
    /// A score of the model on the validation rows, higher is better (e.g. macro-F1). When given, the best epoch and
    /// early stopping follow it rather than the validation loss, which keeps rising with confidence long after the
    /// predictions stopped getting worse.
    /// </summary>
    public Func<double>? ValidationScore { get; init; }

    /// <summary>
    /// Reorders an epoch's shuffled rows (with the batch size) before they are cut into batches, e.g. so that each
    /// batch holds sentences of similar length; deterministic for the same input, so resume stays exact.
    /// </summary>
    public Func<int[], int, int[]>? Arrange { get; init; }
}

/// <summary>
/// The training loop every trainer shares: seeded batch order, learning-rate schedule, gradient clipping, divergence
/// check, progress, early stopping on the validation loss, a checkpoint after every epoch and resume from it.
/// </summary>
public static class TrainingLoop
{
    // Targets are standardised, so a sensible loss is around 1; this far above it the weights are running away
    // even if float arithmetic has not overflowed yet.
    private const float DivergedLoss = 1e8f;

    /// <summary>Trains until the epochs run out or patience does; returns the final checkpoint state (best weights in the store).</summary>
    public static (CheckpointState State, bool Resumed) Run(
        LoopInputs inputs, Hyperparameters h, int seed, string specificationHash, TrainingOptions options,
            CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var model = inputs.Model;
        // Lookup tables trained by row (RowAdam) do not require gradients: the dense optimiser never sees them.
        var trained = model.parameters().Where(p => p.requires_grad).ToList();
        using var optimizer = CreateOptimizer(trained, h);
        var store = new CheckpointStore(options.WorkFolder);
        var state = store.TryLoad(model, optimizer, inputs.Rows);
        var resumed = state is not null;
        if (state is not null && state.SpecificationHash != specificationHash)
        {
            throw new TrainingFailedException(
                "Checkpoint.Mismatch", "The checkpoint in the work folder belongs to different settings; start the run in a new folder.");
        }

        state ??= new CheckpointState(specificationHash, 0, double.PositiveInfinity, 0, 0, false, []);

        // The checkpoint carries every epoch up to it: hand them on again, so a caller that lost some of them in a crash
        // (it records epochs as they come) completes its curve; it skips those it has.
        foreach (var done in state.History)
        {
            options.EpochCompleted?.Invoke(done);
        }

        var trainRows = (int)inputs.TrainX.shape[0];
        var stepsPerEpoch = (trainRows + h.BatchSize - 1) / h.BatchSize;
        var device = inputs.TrainX.device;
        var lastReport = Stopwatch.StartNew();
        var lastCheckpoint = Stopwatch.StartNew();
        Dictionary<string, Tensor>? pendingBest = null; // improved since the last checkpoint; written with the next one

        for (var epoch = state.EpochsDone + 1; epoch <= h.Epochs && !state.Finished; epoch++)
        {
            inputs.DropoutGenerator.manual_seed(EpochSeed(seed, epoch));
            var order = Enumerable.Range(0, trainRows).ToArray();
            new Random(EpochSeed(seed, epoch)).Shuffle(order);
            order = inputs.Arrange?.Invoke(order, h.BatchSize) ?? order;
            model.train();
            // The summed loss stays on the device: reading it every step would wait for each step to finish.
            using var lossSum = torch.zeros(1, dtype: ScalarType.Float64, device: device);
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
                var index = torch.tensor(batch.Select(i => (long)i).ToArray(), device: device);
                optimizer.zero_grad();
                var loss = inputs.Loss(inputs.TrainX.index_select(0, index), inputs.TrainY.index_select(0, index));
                loss.backward();
                torch.nn.utils.clip_grad_norm_(trained, h.GradientClip);
                optimizer.step();
                inputs.Rows?.Step(learningRate, h.WeightDecay);
                lossSum.add_(loss.detach().to(ScalarType.Float64) * batch.Length);
                if (options.Progress is not null && lastReport.Elapsed >= options.ProgressInterval && step < stepsPerEpoch - 1)
                {
                    lastReport.Restart();
                    var sofar = CheckLoss(lossSum.item<double>() / ((step + 1.0) * h.BatchSize), epoch, h);
                    options.Progress(
                        Progress(
                            epoch, h, step + 1, stepsPerEpoch, sofar, null, learningRate, (
                                step + 1.0) * h.BatchSize / epochClock.Elapsed.TotalSeconds, clock.Elapsed,
                                    epochClock.Elapsed) with { Phase = options.Phase });
                }
            }

            var trainLoss = CheckLoss(lossSum.item<double>() / trainRows, epoch, h);
            var validationLoss = ValidationLoss(inputs, h.BatchSize);
            var record = new EpochRecord(epoch, trainLoss, validationLoss, learningRate) { Phase = options.Phase };
            // What is minimised: the loss, or the negated score (the state keeps it under the same name).
            var criterion = inputs.ValidationScore is { } score ? -score() : validationLoss;
            var improved = criterion < state.BestValidationLoss - 1e-7;
            if (improved)
            {
                DisposeAll(pendingBest);
                pendingBest = Snapshot(model);
            }

            var withoutImprovement = improved ? 0 : state.EpochsWithoutImprovement + 1;
            state = state with
            {
                EpochsDone = epoch,
                BestValidationLoss = improved ? criterion : state.BestValidationLoss,
                BestEpoch = improved ? epoch : state.BestEpoch,
                EpochsWithoutImprovement = withoutImprovement,
                Finished = withoutImprovement >= h.Patience || epoch == h.Epochs,
                History = [.. state.History, record],
            };
            options.Progress?.Invoke(
                Progress(
                    epoch, h, stepsPerEpoch, stepsPerEpoch, record.TrainLoss, validationLoss, learningRate,
                        trainRows / epochClock.Elapsed.TotalSeconds, clock.Elapsed, epochClock.Elapsed) with { Phase = options.Phase });
            options.EpochCompleted?.Invoke(record);
            var stopping = !state.Finished && options.ShouldStop?.Invoke() == true;
            if (state.Finished || stopping || lastCheckpoint.Elapsed >= options.CheckpointInterval)
            {
                if (pendingBest is not null)
                {
                    SaveBest(store, model, pendingBest);
                    pendingBest = null;
                }

                store.Save(model, optimizer, state, inputs.Rows);
                lastCheckpoint.Restart();
            }

            if (stopping)
            {
                break; // the checkpoint stays resumable; the best weights so far are what the caller gets
            }
        }

        DisposeAll(pendingBest);
        model.load(store.BestWeights);
        return (state, resumed);
    }

    /// <summary>The loss, or a clear failure when it ran away.</summary>
    private static double CheckLoss(double value, int epoch, Hyperparameters h)
    {
        if (double.IsFinite(value) && value <= DivergedLoss)
        {
            return value;
        }

        var what = double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? "infinite" : "far too large";
        throw new TrainingFailedException("Training.Diverged",
            $"The training loss became {what} in epoch {epoch}. Try a lower learning rate than " +
            $"{h.LearningRate.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>A copy of the model's weights (kept in memory until the next checkpoint writes them as the best).</summary>
    private static Dictionary<string, Tensor> Snapshot(nn.Module model)
    {
        using var noGrad = torch.no_grad();
        return model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
    }

    /// <summary>Writes a snapshot as the best weights: the model holds it for the moment of writing, then its own weights again.</summary>
    private static void SaveBest(CheckpointStore store, nn.Module model, Dictionary<string, Tensor> best)
    {
        var current = Snapshot(model);
        using (torch.no_grad())
        {
            model.load_state_dict(best);
            store.SaveBest(model);
            model.load_state_dict(current);
        }

        DisposeAll(current);
        DisposeAll(best);
    }

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        if (tensors is null)
        {
            return;
        }

        foreach (var tensor in tensors.Values)
        {
            tensor.Dispose();
        }
    }

    /// <summary>Mean validation loss, computed in batches so a large validation split never needs one huge forward pass.</summary>
    private static double ValidationLoss(LoopInputs inputs, int batchSize)
    {
        inputs.Model.eval();
        using var noGrad = torch.no_grad();
        var rows = inputs.ValidationX.shape[0];
        var chunk = Math.Max(batchSize, 1024);
        double sum = 0;
        for (long start = 0; start < rows; start += chunk)
        {
            using var scope = torch.NewDisposeScope();
            var end = Math.Min(rows, start + chunk);
            sum += inputs.Loss(inputs.ValidationX.narrow(0, start, end - start), inputs.ValidationY.narrow(0, start, end - start))
                .item<float>() * (end - start);
        }

        return sum / Math.Max(1, rows);
    }

    private static OptimizerHelper CreateOptimizer(IReadOnlyList<Parameter> parameters, Hyperparameters h) => h.Optimizer switch
    {
        OptimizerKind.Sgd => torch.optim.SGD(parameters, h.LearningRate, momentum: h.Momentum, weight_decay: h.WeightDecay),
        _ => torch.optim.AdamW(parameters, h.LearningRate, weight_decay: h.WeightDecay),
    };

    private static TrainingProgress Progress(
        int epoch, Hyperparameters h, int step, int steps, double trainLoss, double? validationLoss, double lr, double samplesPerSecond,
            TimeSpan elapsed, TimeSpan epochElapsed)
    {
        var epochsLeft = h.Epochs - epoch + (1 - (double)step / steps);
        var perEpoch = epochElapsed.TotalSeconds / Math.Max(1e-9, (double)step / steps);
        return new TrainingProgress(
            epoch, h.Epochs, step, steps, trainLoss, validationLoss, lr, samplesPerSecond, elapsed, TimeSpan.FromSeconds(
                perEpoch * epochsLeft));
    }

    private static int EpochSeed(int seed, int epoch) => unchecked((seed * 1_000_003) + epoch);
}
