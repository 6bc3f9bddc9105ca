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

/// <summary>
/// Text classification: read the labelled texts, train the chosen model (or, for <see cref="TextModel.Auto"/>, each
/// candidate, chosen by macro-F1 on the validation split or by cross-validation on small corpora), and report per class
/// on the test split with an interval.
/// </summary>
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

        var corpus = TextCorpus.Read(spec, data);
        return spec.Model == TextModel.Auto
            ? TextModelSelection.Train(spec, corpus, options, cancellationToken)
            : TrainOne(spec, corpus, corpus.Split, options, cancellationToken);
    }

    /// <summary>Trains one model on the given split; <paramref name="split"/>.Test may be empty (a cross-validation fold).</summary>
    internal static TextTrainingResult TrainOne(
        TextSpecification spec, TextCorpus corpus, DataSplit split, TrainingOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var device = options.Device ?? DeviceProbe.Current;
        var target = DeviceProbe.TorchDevice(device);
        var classes = corpus.Classes;
        var balanced = spec.Hyperparameters.BalanceClasses;
        IEnumerable<string> FeaturesOf(int row) => Features(spec.Model, spec.MaxTokens, corpus.AtomsOf(row));
        var vocabulary = Vocabulary.Fit(split.Train.Select(FeaturesOf), spec.VocabularySize);
        var idf = spec.Model == TextModel.TfIdfLinear
            ? vocabulary.InverseDocumentFrequencies(split.Train.Select(FeaturesOf).ToList())
            : null;
        Tensor Labels(int[] part) => torch.tensor(part.Select(r => (long)corpus.ClassOf(r)).ToArray(), device: target);

        var h = spec.Hyperparameters;
        using var initGenerator = new torch.Generator((ulong)spec.Split.Seed);
        using var dropoutGenerator = new torch.Generator((ulong)spec.Split.Seed, target);
        using var trainY = Labels(split.Train);
        using var validationY = Labels(split.Validation);
        using var weights = balanced ? torch.tensor(corpus.BalancedWeights(split.Train), device: target) : null;
        var model = TextClassifierNetwork.Create(spec, vocabulary.Size, classes.Count, dropoutGenerator);
        using var disposeModel = model.Module;
        model.Initialize(initGenerator);
        model.Module.to(target);
        var seen = TextClassifierNetwork.Encode(spec, vocabulary, idf, [.. split.Train, .. split.Validation], corpus.AtomsOf, target);
        using var trainX = seen.Rows(0, split.Train.Length);
        using var validationX = seen.Rows(split.Train.Length, split.Validation.Length);
        using var rows = model.RowOptimizer();

        var speeds = new List<double>();
        var (state, resumed) = TrainingLoop.Run(new LoopInputs
        {
            Model = model.Module,
            TrainX = trainX,
            TrainY = trainY,
            ValidationX = validationX,
            ValidationY = validationY,
            Loss = (x, y) => nn.functional.cross_entropy(model.Logits(seen, x), y, weights),
            DropoutGenerator = dropoutGenerator,
            Rows = rows,
            ValidationScore = () => MacroF1(
                classes, split.Validation.Select(corpus.ClassOf).ToList(),
                    model.Probabilities(seen, split.Train.Length, split.Validation.Length)),
        }, h, spec.Split.Seed, SpecificationHash.Of(spec), new TrainingOptions
        {
            WorkFolder = options.WorkFolder, Device = options.Device, EpochCompleted = options.EpochCompleted,
                ProgressInterval = options.ProgressInterval, ShouldStop = options.ShouldStop, Phase = options.Phase,
                CheckpointInterval = options.CheckpointInterval,
            Progress = p =>
            {
                if (p.ValidationLoss is not null)
                {
                    speeds.Add(p.SamplesPerSecond);
                }

                options.Progress?.Invoke(p);
            },
        }, cancellationToken);

        var validationProbabilities = model.Probabilities(seen, split.Train.Length, split.Validation.Length);
        var validationF1 = MacroF1(classes, split.Validation.Select(corpus.ClassOf).ToList(), validationProbabilities);
        var test = TextClassifierNetwork.Encode(spec, vocabulary, idf, split.Test, corpus.AtomsOf, target);
        var probabilities = model.Probabilities(test, 0, split.Test.Length);
        var predicted = probabilities.Select(ArgMax).ToList();
        var actual = split.Test.Select(corpus.ClassOf).ToList();
        var confused = split.Test.Select((r, i) => (r, i)).Where(p => predicted[p.i] != actual[p.i])
            .OrderByDescending(p => probabilities[p.i][predicted[p.i]]).Take(10)
            .Select(p => new ConfusedExample(
                p.r, corpus.Texts[p.r]!, classes[actual[p.i]], classes[predicted[p.i]], probabilities[p.i][predicted[p.i]]))
            .ToList();
        var majority = classes.ToList().IndexOf(corpus.Majority);
        var scores = ClassificationMetrics.Score(classes, actual, predicted, probabilities.Length == 0 ? null : probabilities);

        return new TextTrainingResult(
            scores,
            ClassificationMetrics.Score(classes, actual, actual.Select(_ => majority).ToList()),
            classes, state.History, state.BestEpoch, resumed, confused, vocabulary.Size, corpus.CharacterAtoms,
            speeds.Count == 0 ? 0 : speeds.Order().ElementAt(speeds.Count / 2), device.Describe(), clock.Elapsed)
        {
            Split = split,
            TestProbabilities = probabilities,
            Vocabulary = vocabulary,
            Idf = idf,
            WeightsFile = new CheckpointStore(options.WorkFolder).BestWeights,
            Model = spec.Model,
            Balanced = balanced,
            Imbalance = corpus.Imbalance,
            ValidationMacroF1 = validationF1,
            MacroF1Interval = Bootstrap.MacroF1(classes.Count, actual, predicted, spec.Split.Seed),
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

        problems.AddRange(TextDataChecks.Check(spec, data));
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

    /// <summary>
    /// What a model reads of a text: TF-IDF n-grams, averaged n-grams (both cut as the settings say) or the atoms in
    /// order.
    /// </summary>
    internal static IEnumerable<string> Features(TextModel model, int maxTokens, List<string> atoms) => model switch
    {
        TextModel.TfIdfLinear => TextTokenizer.LinearGrams(atoms.Count > maxTokens ? atoms.GetRange(0, maxTokens) : atoms),
        TextModel.BagOfEmbeddings => TextTokenizer.NGrams(atoms).Take(maxTokens),
        _ => atoms,
    };

    internal static double MacroF1(IReadOnlyList<string> classes, IReadOnlyList<int> actual, IReadOnlyList<double[]> probabilities) =>
        actual.Count == 0 ? 0 : ClassificationMetrics.Score(classes, actual, probabilities.Select(ArgMax).ToList()).MacroF1;

    internal static int ArgMax(double[] p)
    {
        var best = 0;
        for (var i = 1; i < p.Length; i++)
        {
            if (p[i] > p[best])
            {
                best = i;
            }
        }

        return best;
    }
}
