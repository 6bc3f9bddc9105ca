using Portal.Training.Data;
using Portal.Training.Models;
using Portal.Training.Preprocessing;
using Portal.Training.Specification;
using TorchSharp;
using static TorchSharp.torch;

namespace Portal.Training.Evaluation;

/// <summary>Values are predictions in the target's units (regression) or class indices; probabilities per class for
/// classification.</summary>
public sealed record Predictions(double[] Values, double[][]? Probabilities);

/// <summary>
/// Raw rows in, predictions out: the same path for the test split, feature importance, slices and scoring new files,
/// so a saved model reproduces the run's own test predictions exactly.
/// </summary>
public sealed class TabularPredictor(TabularNetwork model, PreprocessingState state, Device device)
{
    public PreprocessingState State => state;

    public Predictions Predict(TabularData data, IReadOnlyList<int> rows, ICollection<RowIssue>? issues = null) =>
        Predict(TabularPreprocessor.Transform(state, data, rows, issues), rows.Count);

    /// <summary>Predictions from rows already encoded (<see cref="TabularPreprocessor.Transform"/>), row after row.</summary>
    public Predictions Predict(float[] encoded, int count)
    {
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var features = torch.tensor(encoded, [count, state.Width], device: device);
        var output = model.forward(features).cpu();
        if (state.Target.Task == TrainingTask.Regression)
        {
            return new Predictions(output.squeeze(1).data<float>().Select(v => v * state.Target.Std + state.Target.Mean).ToArray(), null);
        }

        var k = state.Target.Classes.Count;
        var flat = nn.functional.softmax(output, 1).data<float>().ToArray();
        var probabilities = Enumerable.Range(0, count).Select(
            r => Enumerable.Range(0, k).Select(c => (double)flat[r * k + c]).ToArray()).ToArray();
        return new Predictions(probabilities.Select(p => (double)Array.IndexOf(p, p.Max())).ToArray(), probabilities);
    }
}
