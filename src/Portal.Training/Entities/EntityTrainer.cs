using System.Diagnostics;
using Portal.Formats;
using Portal.Training.Devices;
using Portal.Training.Specification;
using Portal.Training.Text;
using Portal.Training.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Portal.Training.Entities;

/// <summary>Trains a BiLSTM/BiGRU tagger (optionally with a CRF) and scores entities by exact span on the test sentences.</summary>
public static class EntityTrainer
{
    private const long Ignore = -100;

    public static EntityTrainingResult Train(
        EntitySpecification spec, TaggedCorpus corpus, TrainingOptions options, CancellationToken cancellationToken = default)
    {
        var problems = Validate(spec, corpus);
        if (problems.Count > 0)
        {
            throw new InvalidSpecificationException(problems);
        }

        var clock = Stopwatch.StartNew();
        var device = options.Device ?? DeviceProbe.Current;
        var target = DeviceProbe.TorchDevice(device);
        var pieces = corpus.Sentences.SelectMany(s => Cut(s, spec.MaxTokens)).ToList();
        var split = Preprocessing.DataSplitter.Split(Enumerable.Range(0, pieces.Count).ToList(), null, spec.Split);
        var train = split.Train.Select(i => pieces[i]).ToList();

        var tagList = train.SelectMany(s => s.Tags).Append("O").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var tagIndex = tagList.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        var words = Vocabulary.Fit(train.Select(s => s.Tokens.Select(Normalise)), spec.WordVocabularySize);
        var characters = Vocabulary.Fit(train.Select(s => s.Tokens.SelectMany(t => t.Select(c => c.ToString()))), 5_000);
        var width = 1 + spec.MaxWordLength;

        Tensor Inputs(IReadOnlyList<TaggedSentence> part) => EncodeAll(
            part.Select(s => s.Tokens).ToList(), words, characters, spec, target);
        Tensor Targets(IReadOnlyList<TaggedSentence> part) => torch.tensor(part.SelectMany(s =>
            Enumerable.Range(0, spec.MaxTokens).Select(
                i => i < s.Tags.Count ? tagIndex.GetValueOrDefault(s.Tags[i], tagIndex["O"]) : Ignore)).ToArray(),
                    [part.Count, spec.MaxTokens], device: target);

        var validation = split.Validation.Select(i => pieces[i]).ToList();
        var test = split.Test.Select(i => pieces[i]).ToList();
        using var trainX = Inputs(train);
        using var trainY = Targets(train);
        using var validationX = Inputs(validation);
        using var validationY = Targets(validation);

        var h = spec.Hyperparameters;
        using var initGenerator = new torch.Generator((ulong)spec.Split.Seed);
        using var dropoutGenerator = new torch.Generator((ulong)spec.Split.Seed, target);
        using var tagger = new EntityTagger(
            spec.Model, words.Size, characters.Size, spec.WordEmbedding, spec.CharacterEmbedding, spec.CharacterFilters, h.HiddenWidth,
                tagList.Count, h.Dropout, dropoutGenerator);
        tagger.Initialize(initGenerator);
        using var crf = new ConditionalRandomField(tagList.Count);
        using var model = new TaggerWithCrf(tagger, spec.UseCrf ? crf : null);
        model.to(target);

        var (state, resumed) = TrainingLoop.Run(new LoopInputs
        {
            Model = model,
            TrainX = trainX,
            TrainY = trainY,
            ValidationX = validationX,
            ValidationY = validationY,
            Loss = (x, y) => model.Loss(x, y),
            DropoutGenerator = dropoutGenerator,
        }, h, spec.Split.Seed, SpecificationHash.Of(spec), options, cancellationToken);

        using var testX = Inputs(test);
        var predicted = model.Tag(testX).Select(path => (IReadOnlyList<string>)path.Select(i => tagList[i]).ToList()).ToList();
        var gold = test.Select(s => s.Tags).ToList();
        var baselineTags = MostFrequentTagBaseline(train, test);
        var tokens = gold.Sum(g => g.Count);
        var correct = gold.Select((g, s) => g.Where((tag, i) => tag == predicted[s][i]).Count()).Sum();
        var examples = test.Take(10).Select(
            (s, i) => new TaggedExample(s.Tokens, EntityMetrics.Spans(s.Tags), EntityMetrics.Spans(predicted[i]))).ToList();

        return new EntityTrainingResult(
            EntityMetrics.Score(gold, predicted), EntityMetrics.Score(gold, baselineTags), (double)correct / Math.Max(1, tokens),
            tagList, state.History, state.BestEpoch, resumed, examples, device.Describe(), clock.Elapsed)
        {
            Split = split,
            Words = words,
            Characters = characters,
            TestTokens = test.Select(s => s.Tokens).ToList(),
            TestPredictions = predicted,
            TestGold = gold,
            WeightsFile = new CheckpointStore(options.WorkFolder).BestWeights,
        };
    }

    public static IReadOnlyList<SettingProblem> Validate(EntitySpecification spec, TaggedCorpus corpus)
    {
        var problems = new List<SettingProblem>();
        if (corpus.Sentences.Count < 20)
        {
            problems.Add(
                new SettingProblem(
                    "Dataset", "Data.TooFewRows",
                        $"There are only {corpus.Sentences.Count} sentences; at least 20 are needed to train and test.",
                            corpus.Sentences.Count));
        }

        if (!corpus.Sentences.SelectMany(s => s.Tags).Any(t => t != "O"))
        {
            problems.Add(
                new SettingProblem("Dataset", "Entities.None", "No token is tagged as part of an entity; there is nothing to learn."));
        }

        if (spec.MaxTokens is < 4 or > 512)
        {
            problems.Add(
                new SettingProblem("MaxTokens", "Setting.OutOfRange", "MaxTokens must be between 4 and 512.", "between 4 and 512"));
        }

        if (spec.Hyperparameters.LearningRate is <= 0 or > 10)
        {
            problems.Add(
                new SettingProblem(
                    "LearningRate", "Setting.OutOfRange", "LearningRate must be greater than 0 and at most 10.",
                        "greater than 0 and at most 10"));
        }

        return problems;
    }

    /// <summary>Each token gets the tag it had most often in training; unseen tokens get O.</summary>
    private static List<IReadOnlyList<string>> MostFrequentTagBaseline(
        IReadOnlyList<TaggedSentence> train, IReadOnlyList<TaggedSentence> test)
    {
        var best = train.SelectMany(s => s.Tokens.Zip(s.Tags)).GroupBy(p => p.First, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key, g => g.GroupBy(p => p.Second).OrderByDescending(t => t.Count()).ThenBy(t => t.Key, StringComparer.Ordinal)
                    .First().Key, StringComparer.Ordinal);
        return test.Select(s => (IReadOnlyList<string>)s.Tokens.Select(t => best.GetValueOrDefault(t, "O")).ToList()).ToList();
    }

    /// <summary>Sentences (each at most MaxTokens long) as [sentences, MaxTokens, 1 + MaxWordLength] ids.</summary>
    internal static Tensor EncodeAll(
        IReadOnlyList<IReadOnlyList<string>> sentences, Vocabulary words, Vocabulary characters, EntitySpecification spec, Device device) =>
        torch.tensor(
            sentences.SelectMany(s => Encode(s, words, characters, spec)).ToArray(),
                [sentences.Count, spec.MaxTokens, 1 + spec.MaxWordLength], device: device);

    internal static IEnumerable<TaggedSentence> Cut(TaggedSentence sentence, int maxTokens)
    {
        for (var start = 0; start < sentence.Tokens.Count; start += maxTokens)
        {
            var length = Math.Min(maxTokens, sentence.Tokens.Count - start);
            yield return new TaggedSentence(
                sentence.Tokens.Skip(start).Take(length).ToList(), sentence.Tags.Skip(start).Take(length).ToList());
        }
    }

    private static string Normalise(string token) => token.ToLowerInvariant();

    private static IEnumerable<long> Encode(IReadOnlyList<string> tokens, Vocabulary words, Vocabulary characters, EntitySpecification spec)
    {
        for (var i = 0; i < spec.MaxTokens; i++)
        {
            if (i >= tokens.Count)
            {
                for (var k = 0; k <= spec.MaxWordLength; k++)
                {
                    yield return 0;
                }

                continue;
            }

            var token = tokens[i];
            yield return words.IdOf(Normalise(token));
            for (var k = 0; k < spec.MaxWordLength; k++)
            {
                yield return k < token.Length ? characters.IdOf(token[k].ToString()) : 0;
            }
        }
    }

    /// <summary>The tagger and, optionally, its CRF as one module, so checkpoints hold both.</summary>
    public sealed class TaggerWithCrf : nn.Module
    {
        private readonly EntityTagger tagger;
        private readonly ConditionalRandomField? crf;

        public TaggerWithCrf(EntityTagger tagger, ConditionalRandomField? crf) : base(nameof(TaggerWithCrf))
        {
            this.tagger = tagger;
            this.crf = crf;
            RegisterComponents();
        }

        public Tensor Loss(Tensor x, Tensor y)
        {
            (x, y) = Trim(x, y);
            var emissions = tagger.forward(x);
            var mask = y.ne(Ignore);
            return crf is not null
                ? crf.NegativeLogLikelihood(emissions, y, mask)
                : nn.functional.cross_entropy(emissions.reshape(-1, emissions.shape[2]), y.reshape(-1), ignore_index: Ignore);
        }

        public int[][] Tag(Tensor x)
        {
            eval();
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var mask = x.select(2, 0).ne(0);
            var emissions = tagger.forward(x);
            if (crf is not null)
            {
                return crf.Decode(emissions, mask);
            }

            var best = emissions.argmax(2).cpu().data<long>().ToArray();
            var lengths = mask.sum(1).cpu().data<long>().ToArray();
            var time = (int)x.shape[1];
            return lengths.Select(
                (length, b) => Enumerable.Range(0, (int)length).Select(t => (int)best[(b * time) + t]).ToArray()).ToArray();
        }

        /// <summary>Cut a batch to its longest sentence: sentences are padded at the end.</summary>
        private static (Tensor X, Tensor Y) Trim(Tensor x, Tensor y)
        {
            var longest = Math.Max(1, y.ne(Ignore).sum(1).max().item<long>());
            return (x.narrow(1, 0, longest), y.narrow(1, 0, longest));
        }
    }
}
