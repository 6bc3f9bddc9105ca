using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Training.Data;
using Portal.Training.Specification;
using Portal.Training.Trainers;
using TorchSharp;

namespace Portal.Benchmarks;

/// <summary>
/// Time per epoch of the same MLP (16 → 64 → 64 → 1, ReLU, no dropout), same rows, batch size, optimiser and threads,
/// in our trainer and in PyTorch from Debian's python3-torch, run one after the other in this process.
/// </summary>
internal static class SpeedParity
{
    private const int Rows = 100_000;
    private const int Features = 16;
    private const int Threads = 2;

    public static void Run(string python, string work)
    {
        var csv = Path.Combine(work, "speed.csv");
        Generate(csv);
        torch.set_num_threads(Threads);
        var spec = new TabularSpecification
        {
            Task = TrainingTask.Regression,
            Target = "y",
            Model = ModelFamily.Mlp,
            Hyperparameters = new Hyperparameters
            {
                Epochs = 6, BatchSize = 256, LearningRate = 0.003, WeightDecay = 0.0001, HiddenLayers = 2, HiddenWidth = 64,
                Dropout = 0, Schedule = ScheduleKind.Constant, WarmupEpochs = 0, Patience = 100, GradientClip = 5,
            },
        };
        var data = TabularData.ReadCsv(csv);
        var epochEnds = new List<TimeSpan>();
        var result = TabularTrainer.Train(spec, data, new TrainingOptions
        {
            WorkFolder = Path.Combine(work, "speed-run"),
            Progress = p => { if (p.ValidationLoss is not null) epochEnds.Add(p.Elapsed); },
        });
        var ours = Median(epochEnds.Zip(epochEnds.Skip(1), (a, b) => (b - a).TotalSeconds).ToList()); // the first epoch warms up

        var splitFile = Path.Combine(work, "speed.split.json");
        File.WriteAllText(splitFile, JsonSerializer.Serialize(new { train = result.Split.Train, validation = result.Split.Validation }));
        var theirs = JsonSerializer.Deserialize<Dictionary<string, double>>(PythonRunner.Run(python, "torch_speed.py", csv, splitFile, Threads.ToString(CultureInfo.InvariantCulture), "6"))!;

        Console.WriteLine();
        Console.WriteLine($"## Speed parity: seconds per epoch, {result.Split.Train.Length:N0} training rows × {Features} features, batch 256, AdamW, {Threads} threads");
        Console.WriteLine("| trainer | s / epoch (median of epochs 2–6) | ratio to PyTorch | at most 1.15 |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(FormattableString.Invariant($"| PyTorch {theirs["version_major"]:0}.{theirs["version_minor"]:0} (python3-torch) | {theirs["epoch_seconds"]:0.000} | 1.00 | |"));
        Console.WriteLine(FormattableString.Invariant($"| Concordia (TorchSharp) | {ours:0.000} | {ours / theirs["epoch_seconds"]:0.00} | {(ours / theirs["epoch_seconds"] <= 1.15 ? "yes" : "NO")} |"));
        Console.WriteLine(FormattableString.Invariant($"Final test R²: ours {result.Regression!.RSquared:0.0000}, PyTorch {theirs["r2"]:0.0000} (same data; a sanity check that both learned)."));
        Overhead(spec, data, work);
    }

    /// <summary>
    /// Our trainer against the same loop written bare in TorchSharp (shuffled batches by index_select, AdamW, MSE; no clipping,
    /// loss reads, validation or checkpoints), at batch 256 and 1024, and the fixed cost of a run outside its epochs.
    /// </summary>
    private static void Overhead(TabularSpecification spec, TabularData data, string work)
    {
        Console.WriteLine();
        Console.WriteLine("## Trainer overhead: our epoch against the bare TorchSharp loop on the same rows (median of epochs 2–12)");
        Console.WriteLine("| batch | checkpoints | bare loop s / epoch | ours s / epoch | ratio | at most 1.2 | run total s | epochs s | fixed cost s | under 2 s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var batch in new[] { 256, 1024 })
        {
            foreach (var interval in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(10) })
            {
                var run = spec with { Hyperparameters = spec.Hyperparameters with { BatchSize = batch, Epochs = 12 } };
                var epochEnds = new List<TimeSpan>();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var result = TabularTrainer.Train(run, data, new TrainingOptions
                {
                    WorkFolder = Path.Combine(work, $"overhead-{batch}-{interval.TotalSeconds}"), CheckpointInterval = interval,
                    Progress = p => { if (p.ValidationLoss is not null) epochEnds.Add(p.Elapsed); },
                });
                var total = clock.Elapsed.TotalSeconds;
                var ours = Median(epochEnds.Zip(epochEnds.Skip(1), (a, b) => (b - a).TotalSeconds).ToList());
                var bare = Bare(result, data, batch, run.Hyperparameters.Epochs);
                var epochs = epochEnds[^1].TotalSeconds;
                Console.WriteLine(FormattableString.Invariant(
                    $"| {batch} | {(interval == TimeSpan.Zero ? "every epoch" : "every 10 s and at the end")} | {bare:0.000} | {ours:0.000} | {ours / bare:0.00} | {(ours / bare <= 1.2 ? "yes" : "NO")} | {total:0.00} | {epochs:0.00} | {total - epochs:0.00} | {(total - epochs < 2 ? "yes" : "NO")} |"));
            }
        }
    }

    private static double Bare(Portal.Training.Trainers.TabularTrainingResult result, TabularData data, int batch, int epochs)
    {
        var rows = result.Split.Train;
        var x = rows.SelectMany(r => Enumerable.Range(0, Features).Select(f => (float)TabularData.ParseNumber(data.Column($"x{f}")[r])!.Value)).ToArray();
        var y = rows.Select(r => (float)TabularData.ParseNumber(data.Column("y")[r])!.Value).ToArray();
        using var trainX = torch.tensor(x, [rows.Length, Features]);
        using var trainY = torch.tensor(y, [rows.Length]);
        using var model = torch.nn.Sequential(("l0", torch.nn.Linear(Features, 64)), ("r0", torch.nn.ReLU()), ("l1", torch.nn.Linear(64, 64)),
            ("r1", torch.nn.ReLU()), ("out", torch.nn.Linear(64, 1)));
        using var optimizer = torch.optim.AdamW(model.parameters(), 0.003, weight_decay: 0.0001);
        var times = new List<double>();
        var random = new Random(1);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var order = Enumerable.Range(0, rows.Length).ToArray();
            random.Shuffle(order);
            for (var start = 0; start < rows.Length; start += batch)
            {
                using var scope = torch.NewDisposeScope();
                var index = torch.tensor(order[start..Math.Min(rows.Length, start + batch)].Select(i => (long)i).ToArray());
                optimizer.zero_grad();
                var loss = torch.nn.functional.mse_loss(model.forward(trainX.index_select(0, index)).squeeze(1), trainY.index_select(0, index));
                loss.backward();
                optimizer.step();
            }

            times.Add(clock.Elapsed.TotalSeconds);
        }

        return Median(times.Skip(1).ToList());
    }

    private static void Generate(string path)
    {
        var random = new Random(123);
        var weights = Enumerable.Range(0, Features).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var text = new StringBuilder(string.Join(',', Enumerable.Range(0, Features).Select(i => $"x{i}").Append("y"))).Append('\n');
        for (var r = 0; r < Rows; r++)
        {
            var x = Enumerable.Range(0, Features).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var y = x.Select((v, i) => v * weights[i]).Sum() + Math.Sin(3 * x[0]) + 0.1 * random.NextDouble();
            text.AppendJoin(',', x.Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append(',').Append(y.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
