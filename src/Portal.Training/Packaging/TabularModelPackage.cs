using Portal.Training.Devices;
using Portal.Training.Evaluation;
using Portal.Training.Models;
using Portal.Training.Preprocessing;
using Portal.Training.Specification;
using Portal.Training.Trainers;
using TorchSharp;

namespace Portal.Training.Packaging;

/// <summary>The package of a tabular model: preprocessing.json holds everything fitted on the training split.</summary>
public static class TabularModelPackage
{
    public const string Kind = "tabular";

    /// <summary>Writes the package of a finished run; the specification saved is the one trained (Auto resolved to its choice).</summary>
    public static void Write(string zipPath, TabularSpecification spec, TabularTrainingResult result, DateTimeOffset createdAt)
    {
        spec = spec with { Model = result.Model };
        PackageArchive.Write(zipPath, Kind, createdAt, result.WeightsFile, new Dictionary<string, object>
        {
            ["specification.json"] = spec,
            ["preprocessing.json"] = result.Preprocessing,
            ["metrics.json"] = new
            {
                result.Regression,
                result.RegressionBaseline,
                result.Classification,
                result.ClassificationBaseline,
                result.FeatureImportance,
                result.Slices,
                result.History,
                result.BestEpoch,
                Split = new { Train = result.Split.Train.Length, Validation = result.Split.Validation.Length,
                    Test = result.Split.Test.Length },
            },
        }, ModelCard.Markdown(spec, result, createdAt));
    }

    public static TabularModel Load(string zipPath, TrainingDevice? device = null)
    {
        var (zip, manifest) = PackageArchive.Open(zipPath, Kind);
        using (zip)
        {
            var spec = PackageArchive.Read<TabularSpecification>(zip, "specification.json");
            var state = PackageArchive.Read<PreprocessingState>(zip, "preprocessing.json");
            var target = DeviceProbe.TorchDevice(device ?? DeviceProbe.Current);
            var model = new TabularNetwork(state.Width, state.Outputs, spec.Model, spec.Hyperparameters);
            PackageArchive.LoadWeights(zip, model);
            model.to(target);
            return new TabularModel(spec, manifest, model, new TabularPredictor(model, state, target));
        }
    }
}
