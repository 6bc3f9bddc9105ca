using System.Diagnostics;
using Portal.Training.Data;
using Portal.Training.Devices;
using Portal.Training.Metrics;
using Portal.Training.Preprocessing;
using Portal.Training.Specification;
using Portal.Training.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Portal.Training.Text;

/// <summary>Text classification: tokenise, fit the vocabulary on the training split, train, and report per class.</summary>
public static class TextTrainer
{
    public static TextTrainingResult Train(
        TextSpecification spec, TabularData data, TrainingOptions options, CancellationToken cancellationToken = default)
    {
        var problems = Validate(spec, data);
        if (problems.Count > 0)
        {
            throw new InvalidSpecificationException(problems);
        }

        var clock = Stopwatch.StartNew();
        var device = options.Device ?? DeviceProbe.Current;
        var target = DeviceProbe.TorchDevice(device);
        var texts = data.Column(spec.TextColumn);
        var labels = data.Column(spec.LabelColumn);
        var rows = Enumerable.Range(0, data.RowCount).Where(
            r => !TabularData.IsMissing(labels[r]) && !string.IsNullOrWhiteSpace(texts[r])).ToList();
        var split = DataSplitter.Split(rows, rows.Select(r => labels[r]!.Trim()).ToList(), spec.Split);
        var classes = rows.Select(r => labels[r]!.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (long)p.i, StringComparer.Ordinal);

        var tokens = rows.ToDictionary(r => r, r => Features(spec.Model, TextTokenizer.Atoms(texts[r])));
        var vocabulary = Vocabulary.Fit(split.Train.Select(r => tokens[r]), spec.VocabularySize);
        Tensor Ids(int[] part) => Encode(spec, vocabulary, part.Select(r => tokens[r]).ToList(), target);
        Tensor Labels(int[] part) => torch.tensor(part.Select(r => classIndex[labels[r]!.Trim()]).ToArray(), device: target);

        using var trainX = Ids(split.Train);
        using var trainY = Labels(split.Train);
        using var validationX = Ids(split.Validation);
        using var validationY = Labels(split.Validation);
        using var testX = Ids(split.Test);

        var h = spec.Hyperparameters;
        using var initGenerator = new torch.Generator((ulong)spec.Split.Seed);
        using var dropoutGenerator = new torch.Generator((ulong)spec.Split.Seed, target);
        using var model = new TextNetwork(
            spec.Model, vocabulary.Size, spec.EmbeddingSize, spec.MaxTokens, h.HiddenWidth, classes.Count, h.Dropout, dropoutGenerator);
        model.Initialize(initGenerator);
        model.to(target);

        var speeds = new List<double>();
        var (state, resumed) = TrainingLoop.Run(new LoopInputs
        {
            Model = model,
            TrainX = trainX,
            TrainY = trainY,
            ValidationX = validationX,
            ValidationY = validationY,
            Loss = (x, y) => nn.functional.cross_entropy(model.forward(x), y),
            DropoutGenerator = dropoutGenerator,
        }, h, spec.Split.Seed, SpecificationHash.Of(spec), new TrainingOptions
        {
            WorkFolder = options.WorkFolder, Device = options.Device, EpochCompleted = options.EpochCompleted,
                ProgressInterval = options.ProgressInterval, ShouldStop = options.ShouldStop,
            Progress = p =>
            {
                if (p.ValidationLoss is not null)
                {
                    speeds.Add(p.SamplesPerSecond);
                }

                options.Progress?.Invoke(p);
            },
        }, cancellationToken);

        var probabilities = Probabilities(model, testX, classes.Count);
        var predicted = probabilities.Select(p => Array.IndexOf(p, p.Max())).ToList();
        var actual = split.Test.Select(r => (int)classIndex[labels[r]!.Trim()]).ToList();
        var majority = split.Train.GroupBy(r => labels[r]!.Trim()).OrderByDescending(g => g.Count()).ThenBy(
            g => g.Key, StringComparer.Ordinal).First().Key;
        var confused = split.Test.Select((r, i) => (r, i)).Where(p => predicted[p.i] != actual[p.i])
            .OrderByDescending(p => probabilities[p.i][predicted[p.i]]).Take(10)
            .Select(p => new ConfusedExample(
                p.r, texts[p.r]!, classes[actual[p.i]], classes[predicted[p.i]], probabilities[p.i][predicted[p.i]]))
            .ToList();
        var characterAtoms = split.Train.Take(200).Any(
            r => TextTokenizer.Atoms(texts[r]).Any(a => a.Length == 1 && char.IsLetter(a[0]) && a[0] > 0x2E80));

        return new TextTrainingResult(
            ClassificationMetrics.Score(classes, actual, predicted, probabilities),
            ClassificationMetrics.Score(classes, actual, actual.Select(_ => classes.IndexOf(majority)).ToList()),
            classes, state.History, state.BestEpoch, resumed, confused, vocabulary.Size, characterAtoms,
            speeds.Count == 0 ? 0 : speeds.Order().ElementAt(speeds.Count / 2), device.Describe(), clock.Elapsed)
        {
            Split = split,
            TestProbabilities = probabilities,
            Vocabulary = vocabulary,
            WeightsFile = new CheckpointStore(options.WorkFolder).BestWeights,
        };
    }

    public static IReadOnlyList<SettingProblem> Validate(TextSpecification spec, TabularData data)
    {
        var problems = new List<SettingProblem>();
        foreach (var (setting, column) in new[] { ("TextColumn", spec.TextColumn), ("LabelColumn", spec.LabelColumn) })
        {
            if (!data.HasColumn(column))
            {
                problems.Add(new SettingProblem(setting, "Column.Missing", $"The column '{column}' is not in the dataset.", column));
            }
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        var labels = data.Column(spec.LabelColumn).Where(l => !TabularData.IsMissing(l)).Select(l => l!.Trim()).ToList();
        if (labels.Distinct(StringComparer.Ordinal).Count() < 2)
        {
            problems.Add(
                new SettingProblem(
                    "LabelColumn", "Target.OneClass", $"The label column '{spec.LabelColumn}' has fewer than two classes.",
                        spec.LabelColumn));
        }

        if (labels.Count < 20)
        {
            problems.Add(
                new SettingProblem(
                    "LabelColumn", "Data.TooFewRows",
                        $"There are only {labels.Count} labelled texts; at least 20 are needed to train and test.", labels.Count));
        }

        var h = spec.Hyperparameters;
        if (h.LearningRate is <= 0 or > 10)
        {
            problems.Add(
                new SettingProblem(
                    "LearningRate", "Setting.OutOfRange", "LearningRate must be greater than 0 and at most 10.",
                        "greater than 0 and at most 10"));
        }

        if (spec.VocabularySize is < 100 or > 2_000_000)
        {
            problems.Add(
                new SettingProblem(
                    "VocabularySize", "Setting.OutOfRange", "VocabularySize must be between 100 and 2000000.", "between 100 and 2000000"));
        }

        if (spec.MaxTokens is < 4 or > 4096)
        {
            problems.Add(
                new SettingProblem("MaxTokens", "Setting.OutOfRange", "MaxTokens must be between 4 and 4096.", "between 4 and 4096"));
        }

        if (spec.Model == TextModel.Transformer && spec.EmbeddingSize % 4 != 0)
        {
            problems.Add(
                new SettingProblem(
                    "EmbeddingSize", "Setting.OutOfRange", "EmbeddingSize must be a multiple of 4 for the Transformer (4 attention heads).",
                        "a multiple of 4"));
        }

        return problems;
    }

    /// <summary>Texts as padded token-id rows, exactly as the model saw them in training.</summary>
    internal static Tensor Encode(TextSpecification spec, Vocabulary vocabulary, IReadOnlyList<List<string>> tokenLists, Device device) =>
        torch.tensor(
            tokenLists.SelectMany(t => Pad(t, vocabulary, spec.MaxTokens)).ToArray(), [tokenLists.Count, spec.MaxTokens], device: device);

    internal static List<string> Tokens(TextModel model, string? text) => Features(model, TextTokenizer.Atoms(text));

    private static List<string> Features(TextModel model, List<string> atoms) =>
        model == TextModel.BagOfEmbeddings ? TextTokenizer.NGrams(atoms).ToList() : atoms;

    private static long[] Pad(List<string> tokens, Vocabulary vocabulary, int length)
    {
        var ids = new long[length];
        for (var i = 0; i < Math.Min(length, tokens.Count); i++)
        {
            ids[i] = vocabulary.IdOf(tokens[i]);
        }

        return ids;
    }

    internal static double[][] Probabilities(TextNetwork model, Tensor x, int classes)
    {
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var flat = nn.functional.softmax(model.forward(x), 1).cpu().data<float>().ToArray();
        return Enumerable.Range(0, (int)x.shape[0]).Select(
            r => Enumerable.Range(0, classes).Select(c => (double)flat[r * classes + c]).ToArray()).ToArray();
    }
}
