using System.Globalization;
using System.Text;
using Portal.Training.Devices;
using Portal.Training.Text;
using TorchSharp;

namespace Portal.Training.Packaging;

/// <summary>The package of a text classifier: vocabulary.json and labels.json make it score new texts as in training.</summary>
public static class TextModelPackage
{
    public const string Kind = "text";

    /// <summary>Writes the model that was trained: for Auto, the specification in the package names the candidate chosen.</summary>
    public static void Write(string zipPath, TextSpecification spec, TextTrainingResult result, DateTimeOffset createdAt)
    {
        var trained = spec with { Model = result.Model == TextModel.Auto ? spec.Model : result.Model };
        var entries = new Dictionary<string, object>
        {
            ["specification.json"] = trained,
            ["vocabulary.json"] = result.Vocabulary.Tokens,
            ["labels.json"] = result.Classes,
            ["metrics.json"] = new
            {
                result.Scores, result.Baseline, result.History, result.BestEpoch, result.MostConfused, result.Candidates,
                result.MacroF1Interval,
            },
        };
        if (result.Idf is { } idf)
        {
            entries["idf.json"] = idf;
        }

        PackageArchive.Write(zipPath, Kind, createdAt, result.WeightsFile, entries, Card(trained, result, createdAt));
    }

    public static TextClassifier Load(string zipPath, TrainingDevice? device = null)
    {
        var (zip, manifest) = PackageArchive.Open(zipPath, Kind);
        using (zip)
        {
            var spec = PackageArchive.Read<TextSpecification>(zip, "specification.json");
            var vocabulary = new Vocabulary(PackageArchive.Read<List<string>>(zip, "vocabulary.json"));
            var labels = PackageArchive.Read<List<string>>(zip, "labels.json");
            if (spec.Model == TextModel.Auto)
            {
                throw new InvalidDataException("The package does not say which text model it holds.");
            }

            var idf = spec.Model == TextModel.TfIdfLinear ? PackageArchive.Read<List<float>>(zip, "idf.json") : null;
            if (idf is not null && idf.Count != vocabulary.Tokens.Count)
            {
                throw new InvalidDataException("The package's idf.json does not match its vocabulary.");
            }

            var target = DeviceProbe.TorchDevice(device ?? DeviceProbe.Current);
            var network = TextClassifierNetwork.Create(spec, vocabulary.Size, labels.Count);
            PackageArchive.LoadWeights(zip, network.Module);
            network.Module.to(target);
            return new TextClassifier(spec, manifest, vocabulary, idf, labels, network, target);
        }
    }

    private static string Card(TextSpecification spec, TextTrainingResult result, DateTimeOffset createdAt)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"# Model card: text classification of `{spec.LabelColumn}` from `{spec.TextColumn}`");
        text.AppendLine();
        text.AppendLine(
            c, $"Trained {createdAt:yyyy-MM-dd HH:mm} UTC on {result.Device}; {spec.Model} model, seed {spec.Split.Seed}, vocabulary of " +
                $"{result.VocabularySize:N0} tokens.");
        text.AppendLine();
        text.AppendLine("## Intended use");
        text.AppendLine(
            c, $"Sorting texts like the training texts into {string.Join(", ", result.Classes)}, for an analyst to read and check.");
        text.AppendLine();
        text.AppendLine("## Metrics on the test split");
        text.AppendLine("| metric | model | baseline (majority class) |");
        text.AppendLine("|---|---|---|");
        text.AppendLine(c, $"| accuracy | {result.Scores.Accuracy:0.000} | {result.Baseline.Accuracy:0.000} |");
        text.AppendLine(c, $"| macro F1 | {result.Scores.MacroF1:0.000} | {result.Baseline.MacroF1:0.000} |");
        text.AppendLine();
        text.AppendLine("## Limitations");
        text.AppendLine(
            "- Words and characters not seen in training carry no information; texts on new topics or in other languages score poorly.");
        text.AppendLine(c, $"- Texts are cut at {spec.MaxTokens} tokens.");
        return text.ToString();
    }
}

/// <summary>A loaded text classifier.</summary>
public sealed class TextClassifier(
    TextSpecification spec, PackageManifest manifest, Vocabulary vocabulary, IReadOnlyList<float>? idf, IReadOnlyList<string> labels,
        TextClassifierNetwork network, TorchSharp.torch.Device device) : IDisposable
{
    public PackageManifest Manifest => manifest;

    public IReadOnlyList<string> Labels => labels;

    public TextSpecification Specification => spec;

    /// <summary>One probability per label for each text.</summary>
    public double[][] Probabilities(IReadOnlyList<string?> texts)
    {
        using var scope = torch.NewDisposeScope();
        using var encoded = TextClassifierNetwork.Encode(spec, vocabulary, idf, texts.Select(TextTokenizer.Atoms).ToList(), device);
        return network.Probabilities(encoded, 0, texts.Count);
    }

    public void Dispose() => network.Module.Dispose();
}
