using Portal.Training.Metrics;
using Portal.Training.Models;
using Portal.Training.Specification;
using TorchSharp;

namespace Portal.Training.Trainers;

/// <summary>Scores the best weights on the test split, next to the naive baseline computed from the training rows.</summary>
internal static class TabularEvaluator
{
    public static TabularTrainingResult Evaluate(TabularSpecification spec, TabularDataset prepared, SplitTensors tensors, TabularNetwork model, CheckpointState state, bool resumed, string device, TimeSpan duration)
    {
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var output = model.forward(tensors.TestX).cpu();
        var target = prepared.State.Target;
        var stoppedEarly = state.EpochsDone < spec.Hyperparameters.Epochs;

        if (spec.Task == TrainingTask.Regression)
        {
            var predicted = output.squeeze(1).data<float>().Select(v => v * target.Std + target.Mean).ToList();
            var actual = tensors.TestY.cpu().data<float>().Select(v => v * target.Std + target.Mean).ToList();
            // The training mean, in original units, is target.Mean.
            return new TabularTrainingResult(spec.Task, prepared.State, prepared.Split,
                RegressionMetrics.Score(actual, predicted), RegressionMetrics.Score(actual, actual.Select(_ => target.Mean).ToList()),
                null, null, state.History, state.BestEpoch, stoppedEarly, resumed, predicted, null, device, duration);
        }

        var probabilities = torch.nn.functional.softmax(output, 1);
        var k = target.Classes.Count;
        var flat = probabilities.data<float>().ToArray();
        var rows = flat.Length / k;
        var probabilityRows = Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, k).Select(c => (double)flat[r * k + c]).ToArray()).ToList();
        var predictedClasses = probabilityRows.Select(p => Array.IndexOf(p, p.Max())).ToList();
        var actualClasses = tensors.TestY.cpu().data<long>().Select(v => (int)v).ToList();
        var majority = tensors.TrainY.cpu().data<long>().GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

        return new TabularTrainingResult(spec.Task, prepared.State, prepared.Split, null, null,
            ClassificationMetrics.Score(target.Classes, actualClasses, predictedClasses, probabilityRows),
            ClassificationMetrics.Score(target.Classes, actualClasses, actualClasses.Select(_ => (int)majority).ToList()),
            state.History, state.BestEpoch, stoppedEarly, resumed, predictedClasses.Select(c => (double)c).ToList(), probabilityRows, device, duration);
    }
}
