using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Training.Devices;
using Portal.Training.Evaluation;
using Portal.Training.Models;
using Portal.Training.Preprocessing;
using Portal.Training.Specification;
using Portal.Training.Trainers;
using TorchSharp;

namespace Portal.Training.Packaging;

public sealed record PackageManifest(int FormatVersion, string Kind, TrainingTask Task, DateTimeOffset CreatedAt, string TorchSharpVersion, string TorchBackend);

/// <summary>
/// One zip per trained model: weights, preprocessing state, specification, metrics, model card and a manifest.
/// Everything but the weights is JSON or Markdown, readable without the portal.
/// </summary>
public static class TabularModelPackage
{
    public const int FormatVersion = 1;

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes the package of a finished run; the specification saved is the one trained (Auto resolved to its choice).</summary>
    public static void Write(string zipPath, TabularSpecification spec, TabularTrainingResult result, DateTimeOffset createdAt)
    {
        spec = spec with { Model = result.Model };
        var pending = zipPath + ".pending";
        using (var zip = ZipFile.Open(pending, ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(result.WeightsFile, "model.weights");
            Add(zip, "manifest.json", JsonSerializer.Serialize(new PackageManifest(FormatVersion, "tabular", spec.Task, createdAt,
                DeviceProbe.Current.TorchSharpVersion, DeviceProbe.Backend), Json));
            Add(zip, "specification.json", JsonSerializer.Serialize(spec, Json));
            Add(zip, "preprocessing.json", JsonSerializer.Serialize(result.Preprocessing, Json));
            Add(zip, "metrics.json", JsonSerializer.Serialize(new
            {
                result.Regression,
                result.RegressionBaseline,
                result.Classification,
                result.ClassificationBaseline,
                result.FeatureImportance,
                result.Slices,
                result.History,
                result.BestEpoch,
                Split = new { Train = result.Split.Train.Length, Validation = result.Split.Validation.Length, Test = result.Split.Test.Length },
            }, Json));
            Add(zip, "model-card.md", ModelCard.Markdown(spec, result, createdAt));
        }

        File.Move(pending, zipPath, overwrite: true);
    }

    public static TabularModel Load(string zipPath, TrainingDevice? device = null)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        var manifest = Read<PackageManifest>(zip, "manifest.json");
        if (manifest.FormatVersion > FormatVersion || manifest.Kind != "tabular")
        {
            throw new InvalidDataException($"This model package ({manifest.Kind}, format {manifest.FormatVersion}) cannot be read by this version of the portal.");
        }

        var spec = Read<TabularSpecification>(zip, "specification.json");
        var state = Read<PreprocessingState>(zip, "preprocessing.json");
        var target = DeviceProbe.TorchDevice(device ?? DeviceProbe.Current);
        var model = new TabularNetwork(state.Width, state.Outputs, spec.Model, spec.Hyperparameters);
        var weights = Path.Combine(Path.GetTempPath(), $"concordia-weights-{Guid.NewGuid():N}");
        try
        {
            zip.GetEntry("model.weights")!.ExtractToFile(weights);
            model.load(weights);
        }
        finally
        {
            File.Delete(weights);
        }

        model.to(target);
        return new TabularModel(spec, manifest, model, new TabularPredictor(model, state, target));
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open());
        writer.Write(content);
    }

    private static T Read<T>(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"The model package has no {name}.");
        using var stream = entry.Open();
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidDataException($"{name} in the model package is empty.");
    }
}
