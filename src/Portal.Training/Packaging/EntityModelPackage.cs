using System.Globalization;
using System.Text;
using Portal.Formats;
using Portal.Training.Devices;
using Portal.Training.Entities;
using Portal.Training.Text;
using TorchSharp;

namespace Portal.Training.Packaging;

/// <summary>The package of an entity tagger: word and character vocabularies and the tag list.</summary>
public static class EntityModelPackage
{
    public const string Kind = "entities";

    public static void Write(string zipPath, EntitySpecification spec, EntityTrainingResult result, DateTimeOffset createdAt) =>
        PackageArchive.Write(zipPath, Kind, createdAt, result.WeightsFile, new Dictionary<string, object>
        {
            ["specification.json"] = spec,
            ["words.json"] = result.Words.Tokens,
            ["characters.json"] = result.Characters.Tokens,
            ["tags.json"] = result.Tags,
            ["metrics.json"] = new { result.Scores, result.Baseline, result.TokenAccuracy, result.History, result.BestEpoch },
        }, Card(spec, result, createdAt));

    public static EntityRecognizer Load(string zipPath, TrainingDevice? device = null)
    {
        var (zip, manifest) = PackageArchive.Open(zipPath, Kind);
        using (zip)
        {
            var spec = PackageArchive.Read<EntitySpecification>(zip, "specification.json");
            var words = new Vocabulary(PackageArchive.Read<List<string>>(zip, "words.json"));
            var characters = new Vocabulary(PackageArchive.Read<List<string>>(zip, "characters.json"));
            var tags = PackageArchive.Read<List<string>>(zip, "tags.json");
            var h = spec.Hyperparameters;
            var tagger = new EntityTagger(
                spec.Model, words.Size, characters.Size, spec.WordEmbedding, spec.CharacterEmbedding, spec.CharacterFilters, h.HiddenWidth,
                    tags.Count, h.Dropout);
            var model = new EntityTrainer.TaggerWithCrf(tagger, spec.UseCrf ? new ConditionalRandomField(tags.Count) : null);
            PackageArchive.LoadWeights(zip, model);
            var target = DeviceProbe.TorchDevice(device ?? DeviceProbe.Current);
            model.to(target);
            return new EntityRecognizer(spec, manifest, words, characters, tags, model, target);
        }
    }

    private static string Card(EntitySpecification spec, EntityTrainingResult result, DateTimeOffset createdAt)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"# Model card: entity recognition ({string.Join(", ", result.Scores.PerType.Select(t => t.Type))})");
        text.AppendLine();
        text.AppendLine(
            c, $"Trained {createdAt:yyyy-MM-dd HH:mm} UTC on {result.Device}; " +
                $"{spec.Model}{(spec.UseCrf ? " with a CRF" : string.Empty)}, seed {spec.Split.Seed}.");
        text.AppendLine();
        text.AppendLine("## Metrics on the test sentences (exact span match)");
        text.AppendLine("| type | precision | recall | F1 | entities |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var type in result.Scores.PerType)
        {
            text.AppendLine(c, $"| {type.Type} | {type.Precision:0.000} | {type.Recall:0.000} | {type.F1:0.000} | {type.Support} |");
        }

        text.AppendLine(
            c, $"| all (micro) | {result.Scores.Precision:0.000} | {result.Scores.Recall:0.000} | {result.Scores.F1:0.000} | |");
        text.AppendLine(
            c, $"| baseline: most frequent tag per token | {result.Baseline.Precision:0.000} | {result.Baseline.Recall:0.000} | " +
                $"{result.Baseline.F1:0.000} | |");
        text.AppendLine();
        text.AppendLine("## Limitations");
        text.AppendLine(
            "- Names and spellings unlike those in training are found less reliably; check the spans before relying on counts.");
        return text.ToString();
    }
}

/// <summary>A loaded entity tagger.</summary>
public sealed class EntityRecognizer(
    EntitySpecification spec, PackageManifest manifest, Vocabulary words, Vocabulary characters, IReadOnlyList<string> tags,
        EntityTrainer.TaggerWithCrf model, torch.Device device) : IDisposable
{
    public PackageManifest Manifest => manifest;

    /// <summary>BIO tags for each sentence; long sentences are tagged in pieces of MaxTokens.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Tag(IReadOnlyList<IReadOnlyList<string>> sentences)
    {
        var pieces = sentences.Select(
            (s, i) => (
                i, pieces: EntityTrainer.Cut(new TaggedSentence(s, s.Select(_ => "O").ToList()), spec.MaxTokens).Select(p => p.Tokens)
                    .ToList())).ToList();
        var flat = pieces.SelectMany(p => p.pieces).ToList();
        var paths = model.TagAll(new EncodedSentences(flat, words, characters, spec.MaxWordLength), device);
        var result = new List<IReadOnlyList<string>>();
        var next = 0;
        foreach (var (_, sentencePieces) in pieces)
        {
            var sentenceTags = new List<string>();
            foreach (var _ in sentencePieces)
            {
                sentenceTags.AddRange(paths[next++].Select(t => tags[t]));
            }

            result.Add(sentenceTags);
        }

        return result;
    }

    public void Dispose() => model.Dispose();
}
