using System.Text;
using Portal.Training.Data;
using Portal.Training.Specification;
using Portal.Training.Text;
using Portal.Training.Trainers;
using TorchSharp;

namespace Portal.Benchmarks;

/// <summary>Training throughput of the n-gram text models on 100,000 short Chinese and English sentences.</summary>
internal static class TextThroughput
{
    // A realistic vocabulary: 3,000 common Chinese characters and 20,000 English-like words, drawn with Zipf's law.
    private static readonly string[] Zh = Enumerable.Range(0x4E00, 3_000).Select(c => ((char)c).ToString()).ToArray();
    private static readonly string[] En = Enumerable.Range(0, 20_000).Select(Word).ToArray();

    private static string Word(int i)
    {
        const string letters = "etaoinshrdlucmfwypvbgkqjxz";
        var word = new StringBuilder();
        for (var n = i + 1; n > 0; n /= 26)
        {
            word.Append(letters[n % 26]);
        }

        return word.ToString();
    }

    private static string Zipf(string[] words, Random random) => words[(int)Math.Min(words.Length - 1, Math.Floor(Math.Pow(words.Length, random.NextDouble())) - 1)];

    public static void Run(string work)
    {
        torch.set_num_threads(2);
        var random = new Random(7);
        var text = new StringBuilder("text,label\n");
        for (var i = 0; i < 100_000; i++)
        {
            var chinese = i % 2 == 0;
            var words = Enumerable.Range(0, chinese ? 15 + random.Next(25) : 8 + random.Next(12)).Select(_ => Zipf(chinese ? Zh : En, random));
            var sentence = chinese ? string.Concat(words) : string.Join(' ', words);
            text.Append(sentence).Append(',').Append("topic" + random.Next(5)).Append('\n');
        }

        var csv = Path.Combine(work, "text.csv");
        File.WriteAllText(csv, text.ToString());
        var data = TabularData.ReadCsv(csv);
        var proposed = TextDefaults.Propose(data, "text", "label");

        Console.WriteLine();
        Console.WriteLine("## Text classification throughput (the two n-gram models Auto chooses between, proposed settings, row-wise Adam)");
        Console.WriteLine($"4 epochs over {(int)(data.RowCount * 0.7):N0} training sentences (half Chinese with 15–39 characters from 3,000, half English with 8–19 words from 20,000; Zipf-distributed), batch {proposed.Hyperparameters.BatchSize}, 2 threads.");
        Console.WriteLine("| model | sentences per second per epoch (median) | target | vocabulary (n-grams kept) | working set after epoch 1 → 4 |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var model in new[] { TextModel.BagOfEmbeddings, TextModel.TfIdfLinear })
        {
            var spec = proposed with { Model = model, Hyperparameters = proposed.Hyperparameters with { Epochs = 4, Patience = 10 } };
            var memory = new List<long>();
            var result = TextTrainer.Train(spec, data, new TrainingOptions
            {
                WorkFolder = Path.Combine(work, $"text-run-{model}"),
                EpochCompleted = _ =>
                {
                    using var self = System.Diagnostics.Process.GetCurrentProcess();
                    memory.Add(self.WorkingSet64);
                },
            });
            Console.WriteLine(FormattableString.Invariant(
                $"| {model} | {result.SamplesPerSecond:N0} | ≥ 20,000 ({(result.SamplesPerSecond >= 20_000 ? "met" : "NOT met")}) | {result.VocabularySize:N0} | {memory[0] / 1e9:0.00} → {memory[^1] / 1e9:0.00} GB |"));
        }
    }
}
