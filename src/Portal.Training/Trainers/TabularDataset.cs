using Portal.Training.Data;
using Portal.Training.Preprocessing;
using Portal.Training.Specification;
using TorchSharp;
using static TorchSharp.torch;

namespace Portal.Training.Trainers;

/// <summary>The rows with a target, split and encoded with preprocessing fitted on the training rows.</summary>
internal sealed class TabularDataset
{
    private TabularDataset(TabularSpecification spec, TabularData data, DataSplit split, PreprocessingState state)
    {
        Spec = spec;
        Data = data;
        Split = split;
        State = state;
    }

    public TabularSpecification Spec { get; }
    public TabularData Data { get; }
    public DataSplit Split { get; }
    public PreprocessingState State { get; }

    /// <param name="split">The rows to use (a cross-validation fold); null splits the table by the specification.</param>
    public static TabularDataset Prepare(TabularSpecification spec, TabularData data, DataSplit? split = null)
    {
        split ??= DataSplitter.Split(Rows(spec, data), Strata(spec, data), spec.Split);
        var state = TabularPreprocessor.Fit(data, split.Train, spec);
        return new TabularDataset(spec, data, split, state);
    }

    /// <summary>The rows that have a target.</summary>
    public static List<int> Rows(TabularSpecification spec, TabularData data)
    {
        var targetColumn = data.Column(spec.Target);
        return Enumerable.Range(0, data.RowCount).Where(r => !TabularData.IsMissing(targetColumn[r])).ToList();
    }

    /// <summary>Each row's class for a stratified split (null for regression), in the order of <see cref="Rows"/>.</summary>
    public static List<string>? Strata(TabularSpecification spec, TabularData data)
    {
        var targetColumn = data.Column(spec.Target);
        return spec.Task == TrainingTask.Classification ? Rows(spec, data).Select(r => targetColumn[r]!.Trim()).ToList() : null;
    }

    public SplitTensors ToTensors(Device device) => new(
        Features(Split.Train, device), Targets(Split.Train, device),
        Features(Split.Validation, device), Targets(Split.Validation, device),
        Features(Split.Test, device), Targets(Split.Test, device));

    private Tensor Features(int[] rows, Device device) =>
        torch.tensor(TabularPreprocessor.Transform(State, Data, rows), [rows.Length, State.Width], device: device);

    private Tensor Targets(int[] rows, Device device) => Spec.Task == TrainingTask.Regression
        ? torch.tensor(TabularPreprocessor.RegressionTargets(State, Data, rows, Spec.Target), device: device)
        : torch.tensor(TabularPreprocessor.ClassTargets(State, Data, rows, Spec.Target), device: device);
}

internal sealed record SplitTensors(
    Tensor TrainX, Tensor TrainY, Tensor ValidationX, Tensor ValidationY, Tensor TestX, Tensor TestY) : IDisposable
{
    /// <summary>Inverse class frequency on the training rows: n / (k × count).</summary>
    public Tensor ClassWeights(int classes)
    {
        var counts = new double[classes];
        foreach (var c in TrainY.data<long>())
        {
            counts[c]++;
        }

        var n = counts.Sum();
        return torch.tensor(counts.Select(c => (float)(c == 0 ? 0 : n / (classes * c))).ToArray(), device: TrainX.device);
    }

    public void Dispose()
    {
        TrainX.Dispose();
        TrainY.Dispose();
        ValidationX.Dispose();
        ValidationY.Dispose();
        TestX.Dispose();
        TestY.Dispose();
    }
}
