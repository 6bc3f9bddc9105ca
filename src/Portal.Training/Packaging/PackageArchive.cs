using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Training.Devices;
using static TorchSharp.torch;

namespace Portal.Training.Packaging;

/// <param name="Kind">tabular, text, entities or forecast</param>
public sealed record PackageManifest(
    int FormatVersion, string Kind, DateTimeOffset CreatedAt, string TorchSharpVersion, string TorchBackend);

/// <summary>
/// The zip every model package is: model.weights, manifest.json, specification.json, the kind's own state
/// (preprocessing, vocabularies, label maps), metrics.json and model-card.md. All but the weights is readable text.
/// </summary>
internal static class PackageArchive
{
    public const int FormatVersion = 1;

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(
        string zipPath, string kind, DateTimeOffset createdAt, string weightsFile, IReadOnlyDictionary<string, object> jsonEntries,
            string modelCard)
    {
        var pending = zipPath + ".pending";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
        using (var zip = ZipFile.Open(pending, ZipArchiveMode.Create))
        {
            if (weightsFile.Length > 0)
            {
                zip.CreateEntryFromFile(weightsFile, "model.weights"); // statistical forecasters have none
            }

            Add(zip, "manifest.json", JsonSerializer.Serialize(
                new PackageManifest(FormatVersion, kind, createdAt, DeviceProbe.Current.TorchSharpVersion, DeviceProbe.Backend), Json));
            foreach (var (name, value) in jsonEntries)
            {
                Add(zip, name, JsonSerializer.Serialize(value, Json));
            }

            Add(zip, "model-card.md", modelCard);
        }

        File.Move(pending, zipPath, overwrite: true);
    }

    public static (ZipArchive Zip, PackageManifest Manifest) Open(string zipPath, string expectedKind)
    {
        var zip = ZipFile.OpenRead(zipPath);
        var manifest = Read<PackageManifest>(zip, "manifest.json");
        if (manifest.FormatVersion > FormatVersion || manifest.Kind != expectedKind)
        {
            zip.Dispose();
            throw new InvalidDataException(
                $"This model package ({manifest.Kind}, format {manifest.FormatVersion}) is not a {expectedKind} model this version of " +
                $"the portal can read.");
        }

        return (zip, manifest);
    }

    public static T Read<T>(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"The model package has no {name}.");
        using var stream = entry.Open();
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidDataException($"{name} in the model package is empty.");
    }

    public static void LoadWeights(ZipArchive zip, nn.Module model)
    {
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
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open());
        writer.Write(content);
    }
}
