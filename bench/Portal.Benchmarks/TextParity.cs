using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Training.Data;
using Portal.Training.Text;
using Portal.Training.Trainers;

namespace Portal.Benchmarks;

/// <summary>
/// Text classification with the proposed defaults against TF-IDF + LinearSVC / LogisticRegression (balanced, C tuned on
/// validation) from Debian's scikit-learn, on real packaged corpora and on exactly the split our run used.
/// The corpora are built by bench/corpora/build_text_corpora.py from npm's chinese-poetry and Debian's WordNet.
/// </summary>
internal static class TextParity
{
    public static void Run(string python, string work, string? corpora)
    {
        corpora ??= BuildCorpora(python, work);
        Console.WriteLine();
        Console.WriteLine("## Text classification parity (test split, macro-F1 ×100; proposed defaults; references tuned on validation)");
        Console.WriteLine("| corpus | texts | classes | largest/smallest | ours macro-F1 [95% interval] | ours accuracy | model chosen (how) | ours s (estimate) | LinearSVC | LogReg | majority | best reference − ours | within 2 points |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var csv in Directory.GetFiles(corpora, "*.csv").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(csv);
            var data = TabularData.ReadCsv(csv);
            var spec = TextDefaults.Propose(data, "text", "label");
            var corpus = TextCorpus.Read(spec, data);
            var files = new[] { "train", "validation", "test" }.Select(p => Path.Combine(work, $"{name}.{p}.csv")).ToArray();
            WriteSplit(files[0], corpus, corpus.Split.Train);
            WriteSplit(files[1], corpus, corpus.Split.Validation);
            WriteSplit(files[2], corpus, corpus.Split.Test);
            using var reference = JsonDocument.Parse(PythonRunner.Run(python, "text_parity.py", files));
            var clock = Stopwatch.StartNew();
            var result = TextTrainer.Train(spec, data, new TrainingOptions { WorkFolder = Path.Combine(work, name + "-run") });
            var seconds = clock.Elapsed.TotalSeconds;
            double Ref(string model, string metric) => reference.RootElement.GetProperty(model).GetProperty(metric).GetDouble();
            var best = Math.Max(Ref("LinearSVC", "macro_f1"), Ref("LogisticRegression", "macro_f1"));
            var ours = result.Scores.MacroF1;
            var how = result.Folds > 0 ? $"{result.Folds}-fold CV" : result.Candidates.Count > 0 ? "validation" : "asked for";
            var interval = result.MacroF1Interval is { } i ? FormattableString.Invariant($" [{100 * i.Low:0.0}–{100 * i.High:0.0}]") : "";
            Console.WriteLine(FormattableString.Invariant(
                $"| {name} | {corpus.Rows.Count:N0} | {corpus.Classes.Count} | {corpus.Imbalance:0.0} | {100 * ours:0.0}{interval} | {100 * result.Scores.Accuracy:0.0} | {result.Model}{(result.Balanced ? ", balanced" : "")} ({how}) | {seconds:0.0} ({TrainingEstimate.Text(spec, data.RowCount).TotalSeconds:0.0}) | {100 * Ref("LinearSVC", "macro_f1"):0.0} (C {Ref("LinearSVC", "C")}, {Ref("LinearSVC", "seconds"):0.0} s) | {100 * Ref("LogisticRegression", "macro_f1"):0.0} (C {Ref("LogisticRegression", "C")}, {Ref("LogisticRegression", "seconds"):0.0} s) | {100 * Ref("majority", "macro_f1"):0.0} | {100 * (best - ours):+0.0;-0.0} | {(ours >= best - 0.02 ? "yes" : "NO")} |"));
        }
    }

    private static void WriteSplit(string path, TextCorpus corpus, IEnumerable<int> rows)
    {
        var text = new StringBuilder("text,label\n");
        foreach (var row in rows)
        {
            text.Append(Quote(corpus.Texts[row]!)).Append(',').Append(Quote(corpus.Labels[row])).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>npm pack chinese-poetry (from the npm registry), then the build script over it and Debian's WordNet.</summary>
    private static string BuildCorpora(string python, string work)
    {
        var folder = Path.Combine(work, "corpora");
        Run("npm", work, "pack", "chinese-poetry@2.0.1", "--silent");
        Run("tar", work, "xzf", "chinese-poetry-2.0.1.tgz");
        var script = Path.Combine(AppContext.BaseDirectory, "corpora", "build_text_corpora.py");
        Run(python, work, script, "--poetry", Path.Combine(work, "package", "dist"), "--out", folder);
        return folder;
    }

    private static void Run(string program, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}). The text benchmark needs npm and Debian's wordnet-base, python3-sklearn."));
        }
    }
}
