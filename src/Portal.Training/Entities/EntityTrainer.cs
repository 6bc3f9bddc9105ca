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
    private const long Ignore = EncodedSentences.Ignore;

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

        List<IReadOnlyList<int>> TagIds(IEnumerable<TaggedSentence> part) => part.Select(
            s => (IReadOnlyList<int>)s.Tags.Select(t => tagIndex.GetValueOrDefault(t, tagIndex["O"])).ToList()).ToList();

        var validation = split.Validation.Select(i => pieces[i]).ToList();
        var test = split.Test.Select(i => pieces[i]).ToList();
        // Training and validation sentences in one compact store (training first); the loop indexes them by row.
        var seen = new EncodedSentences(
            [.. train.Select(s => s.Tokens), .. validation.Select(s => s.Tokens)], words, characters, spec.MaxWordLength,
                [.. TagIds(train), .. TagIds(validation)]);
        using var trainX = torch.arange(0, train.Count, ScalarType.Int64, device: target);
        using var validationX = torch.arange(train.Count, train.Count + validation.Count, ScalarType.Int64, device: target);

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
            TrainY = trainX,
            ValidationX = validationX,
            ValidationY = validationX,
            Loss = (x, _) =>
            {
                var (inputs, tags) = seen.Batch(x.cpu().data<long>().ToArray(), target);
                return model.Loss(inputs, tags);
            },
            DropoutGenerator = dropoutGenerator,
            Arrange = seen.ByLength,
        }, h, spec.Split.Seed, SpecificationHash.Of(spec), options, cancellationToken);

        var testSet = new EncodedSentences(test.Select(s => s.Tokens).ToList(), words, characters, spec.MaxWordLength);
        var predicted = model.TagAll(testSet, target).Select(path => (IReadOnlyList<string>)path.Select(i => tagList[i]).ToList()).ToList();
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

        /// <summary>The loss of a batch cut at its longest sentence (<see cref="EncodedSentences.Batch"/>).</summary>
        public Tensor Loss(Tensor x, Tensor y)
        {
            var emissions = tagger.forward(x);
            var mask = y.ne(Ignore);
            return crf is not null
                ? crf.NegativeLogLikelihood(emissions, y, mask)
                : nn.functional.cross_entropy(emissions.reshape(-1, emissions.shape[2]), y.reshape(-1), ignore_index: Ignore);
        }

        /// <summary>
        /// The best tag path of every sentence of the set, in order: tagged 256 at a time in length order, so memory
        /// stays flat however many sentences there are and each chunk is as wide as its longest sentence only.
        /// </summary>
        public int[][] TagAll(EncodedSentences sentences, Device device)
        {
            var paths = new int[sentences.Count][];
            var order = Enumerable.Range(0, sentences.Count).OrderBy(sentences.Length).ThenBy(i => i).ToArray();
            for (var from = 0; from < order.Length; from += 256)
            {
                var rows = order[from..Math.Min(order.Length, from + 256)];
                using var scope = torch.NewDisposeScope();
                var (x, _) = sentences.Batch(rows.Select(r => (long)r).ToArray(), device);
                var tagged = Tag(x);
                for (var i = 0; i < rows.Length; i++)
                {
                    paths[rows[i]] = tagged[i];
                }
            }

            return paths;
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
    }
}
