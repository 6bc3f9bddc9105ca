using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Portal.Training.Data;
using Portal.Training.Specification;
using Portal.Training.Trainers;

namespace Portal.Benchmarks;

/// <summary>
/// Our default model against scikit-learn's defaults on the UCI datasets Debian's python3-sklearn ships, on the same
/// split: our seeded split's test rows are the test rows for both; scikit-learn trains on our training + validation rows.
/// </summary>
internal static class AccuracyParity
{
    private const string SklearnData = "/usr/lib/python3/dist-packages/sklearn/datasets/data";

    private sealed record Dataset(string Name, TrainingTask Task, string Csv);

    /// <param name="tables">A folder of R's tables written by bench/corpora/build_tables.R; null writes one with Rscript when R
    /// is installed, else only the scikit-learn tables are used.</param>
    public static void Run(string python, string work, string? tables = null)
    {
        Console.WriteLine();
        Console.WriteLine("## Accuracy parity (test split; accuracy ×100 for classification, R² ×100 for regression)");
        Console.WriteLine("| dataset | rows | ours (proposed defaults) [95% interval] | test rows | model chosen (how) | best scikit-learn | sklearn models | difference | inside interval | within 2 points |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        var (count, inside, close) = (0, 0, 0);
        foreach (var dataset in Load(work).Concat(RTables(work, tables)))
        {
            var data = TabularData.ReadCsv(dataset.Csv);
            var spec = TabularDefaults.Propose(data, dataset.Task, "target");
            var folder = Path.Combine(work, dataset.Name);
            var result = TabularTrainer.Train(spec, data, new TrainingOptions { WorkFolder = folder });
            var ours = 100 * (dataset.Task == TrainingTask.Regression ? result.Regression!.RSquared : result.Classification!.Accuracy);

            var splitFile = Path.Combine(work, dataset.Name + ".split.json");
            File.WriteAllText(splitFile, JsonSerializer.Serialize(new { train = result.Split.Train.Concat(result.Split.Validation).Order(), test = result.Split.Test }));
            var sklearn = JsonSerializer.Deserialize<Dictionary<string, double>>(
                PythonRunner.Run(python, "sklearn_parity.py", dataset.Csv, splitFile, dataset.Task == TrainingTask.Regression ? "regression" : "classification"))!;
            var best = sklearn.Values.Max();
            var models = string.Join(", ", sklearn.Select(p => FormattableString.Invariant($"{p.Key} {p.Value:0.0}")));
            var interval = result.HeadlineInterval!;
            var isInside = 100 * interval.High >= best;
            var how = (result.Folds > 0 ? $"{result.Folds}-fold CV" : result.Candidates.Count > 0 ? "validation rows" : "asked for")
                + string.Concat(result.Candidates.Select(c => FormattableString.Invariant($", {c.Model} {c.ValidationLoss:0.000}")));
            (count, inside, close) = (count + 1, inside + (isInside ? 1 : 0), close + (ours >= best - 2 ? 1 : 0));
            Console.WriteLine(FormattableString.Invariant(
                $"| {dataset.Name} | {data.RowCount} | {ours:0.0} [{100 * interval.Low:0.0}–{100 * interval.High:0.0}] | {result.Split.Test.Length} | {result.Model} ({how}) | {best:0.0} | {models} | {ours - best:+0.0;-0.0} | {(isInside ? "yes" : "NO")} | {(ours >= best - 2 ? "yes" : "NO")} |"));
        }

        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant(
            $"Inside the 95% interval of the best scikit-learn model on {inside} of {count}; within 2 points on {close} of {count}."));
    }

    private static IEnumerable<Dataset> RTables(string work, string? folder)
    {
        if (folder is null)
        {
            folder = Path.Combine(work, "r-tables");
            Directory.CreateDirectory(folder);
            var start = new System.Diagnostics.ProcessStartInfo("Rscript") { UseShellExecute = false, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "corpora", "build_tables.R"));
            start.ArgumentList.Add(folder);
            try
            {
                using var process = System.Diagnostics.Process.Start(start)!;
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    Console.WriteLine($"(R's tables left out: {process.StandardError.ReadToEnd().Trim()}; apt-get install r-base-core r-cran-mass)");
                    yield break;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                Console.WriteLine("(R's tables left out: Rscript is not installed; apt-get install r-base-core r-cran-mass)");
                yield break;
            }
        }

        foreach (var csv in Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal))
        {
            var parts = Path.GetFileNameWithoutExtension(csv).Split('.');
            yield return new Dataset(parts[0], parts[1] == "classification" ? TrainingTask.Classification : TrainingTask.Regression, csv);
        }
    }

    private static IEnumerable<Dataset> Load(string work)
    {
        yield return Convert(work, "iris", TrainingTask.Classification, File.ReadLines(Path.Combine(SklearnData, "iris.csv")).Skip(1));
        yield return Convert(work, "wine", TrainingTask.Classification, File.ReadLines(Path.Combine(SklearnData, "wine_data.csv")).Skip(1));
        yield return Convert(work, "breast_cancer", TrainingTask.Classification, File.ReadLines(Path.Combine(SklearnData, "breast_cancer.csv")).Skip(1));
        var features = ReadGz(Path.Combine(SklearnData, "diabetes_data_raw.csv.gz")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var target = ReadGz(Path.Combine(SklearnData, "diabetes_target.csv.gz")).Select(l => double.Parse(l, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
        yield return Convert(work, "diabetes", TrainingTask.Regression, features.Zip(target, (f, t) => string.Join(',', f.Append(t))));
    }

    /// <summary>Writes rows whose last value is the target as a CSV with a header f0..fn,target (class targets as class_k labels).</summary>
    private static Dataset Convert(string work, string name, TrainingTask task, IEnumerable<string> rows)
    {
        var lines = rows.Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var width = lines[0].Length - 1;
        var text = new StringBuilder(string.Join(',', Enumerable.Range(0, width).Select(i => $"f{i}").Append("target"))).Append('\n');
        foreach (var fields in lines)
        {
            var target = task == TrainingTask.Classification ? "class_" + fields[^1] : fields[^1];
            text.Append(string.Join(',', fields[..^1].Append(target))).Append('\n');
        }

        var path = Path.Combine(work, name + ".csv");
        File.WriteAllText(path, text.ToString());
        return new Dataset(name, task, path);
    }

    private static IEnumerable<string> ReadGz(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }
}
