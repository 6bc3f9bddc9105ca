using System.Diagnostics;
using Portal.Formats;
using Portal.Training.Entities;
using Portal.Training.Trainers;

namespace Portal.Benchmarks;

/// <summary>
/// The proposed entity run trained to completion on a corpus of real sentences: WordNet 3.0's glosses with names
/// tagged by WordNet's own gazetteer (bench/corpora/build_entity_corpus.py), ~100,000 sentences and ~970,000 tokens.
/// Reports wall time, epochs, tokens per second and the process's peak working set.
/// </summary>
internal static class EntityThroughput
{
    public static void Run(string python, string work, int sentences)
    {
        var conll = Path.Combine(work, "entities.conll");
        var script = Path.Combine(AppContext.BaseDirectory, "corpora", "build_entity_corpus.py");
        using (var build = Process.Start(new ProcessStartInfo(python) { ArgumentList = { script, "--out", conll, "--sentences", $"{sentences}" } })!)
        {
            build.WaitForExit();
        }

        var corpus = ConllReader.Read(conll);
        var spec = EntityDefaults.Propose(corpus.Sentences.Count);
        long peak = 0;
        using var sampler = new Timer(_ =>
        {
            using var self = Process.GetCurrentProcess();
            peak = Math.Max(peak, self.WorkingSet64);
        }, null, 0, 100);
        var tokens = corpus.Sentences.Sum(s => s.Tokens.Count);
        var speeds = new List<double>();
        var clock = Stopwatch.StartNew();
        var result = EntityTrainer.Train(spec, corpus, new TrainingOptions
        {
            WorkFolder = Path.Combine(work, "entity-run"),
            Progress = p =>
            {
                if (p.ValidationLoss is not null)
                {
                    speeds.Add(p.SamplesPerSecond);
                }
            },
        });
        var seconds = clock.Elapsed.TotalSeconds;
        var tokensPerSentence = (double)tokens / corpus.Sentences.Count;

        Console.WriteLine();
        Console.WriteLine("## Entity recognition at corpus scale (proposed defaults, trained to completion, 2 threads)");
        Console.WriteLine("| sentences | tokens | batch | epochs run (best) | wall time (estimate) | tokens/s per epoch (median) | peak working set | span F1 | baseline F1 |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(FormattableString.Invariant(
            $"| {corpus.Sentences.Count:N0} | {tokens:N0} | {spec.Hyperparameters.BatchSize} | {result.History.Count} ({result.BestEpoch}) | {seconds / 60:0.0} min ({TrainingEstimate.Entities(spec, tokens).TotalMinutes:0.0} min) | {speeds.Order().ElementAtOrDefault(speeds.Count / 2) * tokensPerSentence:N0} | {peak / 1e9:0.00} GB | {result.Scores.F1:0.000} | {result.Baseline.F1:0.000} |"));
    }
}
