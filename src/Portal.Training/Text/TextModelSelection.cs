using Portal.Training.Preprocessing;
using Portal.Training.Trainers;

namespace Portal.Training.Text;

/// <summary>
/// The Auto model for text: train each candidate and keep the one with the best macro-F1 on texts it did not learn
/// from, never looking at the test split. On small corpora one validation split of a few dozen texts is mostly noise, so
/// the candidates are compared by stratified k-fold cross-validation over the training and validation texts, and the
/// winner is then trained on the run's own split.
/// </summary>
public static class TextModelSelection
{
    /// <summary>Below this many training and validation texts the candidates are cross-validated.</summary>
    public const int SmallCorpus = 2_000;

    public const int Folds = 5;

    /// <summary>The candidates, simplest first: a later one must do strictly better to be chosen.</summary>
    public static readonly TextModel[] Candidates = [TextModel.TfIdfLinear, TextModel.BagOfEmbeddings];

    public static TextTrainingResult Train(TextSpecification spec, TextCorpus corpus, TrainingOptions options, CancellationToken stop)
    {
        var pool = corpus.Split.Train.Concat(corpus.Split.Validation).Order().ToArray();
        return pool.Length < SmallCorpus
            ? CrossValidated(spec, corpus, pool, options, stop)
            : OnValidation(spec, corpus, options, stop);
    }

    private static TextTrainingResult OnValidation(
        TextSpecification spec, TextCorpus corpus, TrainingOptions options, CancellationToken stop)
    {
        var results = new List<TextTrainingResult>();
        var plan = new TrainingPlan(Candidates.Length, options.Progress);
        foreach (var model in Candidates)
        {
            if (results.Count > 0 && options.ShouldStop?.Invoke() == true)
            {
                break; // told to stop: what is trained so far is what there is
            }

            var candidateOptions = For(options, model, null, plan);
            results.Add(plan.Time(() => TextTrainer.TrainOne(spec with { Model = model }, corpus, corpus.Split, candidateOptions, stop)));
        }

        var best = results.Aggregate((a, b) => b.ValidationMacroF1 > a.ValidationMacroF1 ? b : a);
        return best with { Candidates = results.Select(r => new TextCandidate(r.Model, r.ValidationMacroF1, null)).ToList() };
    }

    private static TextTrainingResult CrossValidated(
        TextSpecification spec, TextCorpus corpus, int[] pool, TrainingOptions options, CancellationToken stop)
    {
        var folds = StratifiedFolds(pool, corpus, spec.Split.Seed);
        var candidates = new List<TextCandidate>();
        var plan = new TrainingPlan((Candidates.Length * folds.Count) + 1, options.Progress);
        foreach (var model in Candidates)
        {
            var scores = new List<double>();
            for (var k = 0; k < folds.Count; k++)
            {
                var held = folds[k];
                var split = new DataSplit([.. pool.Except(held)], held, []);
                var foldOptions = For(options, model, k + 1, plan);
                var fold = plan.Time(() => TextTrainer.TrainOne(spec with { Model = model }, corpus, split, foldOptions, stop));
                scores.Add(fold.ValidationMacroF1);
            }

            var mean = scores.Average();
            var spread = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / Math.Max(1, scores.Count - 1));
            candidates.Add(new TextCandidate(model, mean, spread));
        }

        var best = candidates.Aggregate((a, b) => b.MacroF1 > a.MacroF1 ? b : a);
        var final = plan.Time(
            () => TextTrainer.TrainOne(spec with { Model = best.Model }, corpus, corpus.Split, For(options, best.Model, null, plan), stop));
        return final with { Candidates = candidates, Folds = folds.Count };
    }

    /// <summary>Each candidate (and fold) trains, resumably, in its own folder; folds report progress but no curves.</summary>
    private static TrainingOptions For(TrainingOptions options, TextModel model, int? fold, TrainingPlan plan)
    {
        var name = model.ToString().ToLowerInvariant();
        return new TrainingOptions
        {
            WorkFolder = Path.Combine(options.WorkFolder, fold is { } k ? Path.Combine("folds", $"{name}-{k}") : name),
            Device = options.Device,
            Progress = plan.Report,
            EpochCompleted = fold is null ? options.EpochCompleted : null,
            ProgressInterval = options.ProgressInterval,
            CheckpointInterval = options.CheckpointInterval,
            ShouldStop = fold is null ? options.ShouldStop : null,
            Phase = fold is null ? name : $"cv-{name}",
        };
    }

    /// <summary>Rows dealt to k folds class by class after a seeded shuffle, so every fold keeps the class balance.</summary>
    internal static List<int[]> StratifiedFolds(int[] pool, TextCorpus corpus, int seed)
    {
        var random = new Random(seed);
        var folds = Enumerable.Range(0, Folds).Select(_ => new List<int>()).ToList();
        var next = 0;
        foreach (var group in pool.GroupBy(corpus.ClassOf).OrderBy(g => g.Key))
        {
            var rows = group.ToArray();
            random.Shuffle(rows);
            foreach (var row in rows)
            {
                folds[next++ % Folds].Add(row);
            }
        }

        return folds.Select(f => f.Order().ToArray()).ToList();
    }
}
