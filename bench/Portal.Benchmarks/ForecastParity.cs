using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Portal.Training.Data;
using Portal.Training.Forecasting;
using Portal.Training.Metrics;
using Portal.Training.Trainers;

namespace Portal.Benchmarks;

/// <summary>
/// Forecasting with the proposed defaults (Auto) against Debian's statsmodels (Holt-Winters, damped Holt-Winters, SARIMA airline or
/// ARIMA) and seasonal naive, on R's built-in series exported by bench/corpora/build_series.R, on exactly our split: the last H
/// points are the test part. Every forecast is scored here by the same MASE (in-sample seasonal-naive scale at the calendar's season).
/// </summary>
internal static class ForecastParity
{
    private static readonly string[] References = ["HoltWinters", "HoltWintersDamped", "SARIMA airline", "ARIMA(1,1,1)"];

    public static void Run(string python, string work, string? folder)
    {
        folder ??= BuildSeries(work);
        Console.WriteLine();
        Console.WriteLine("## Forecast parity (test part = last H points; MASE, lower is better; proposed defaults)");
        Console.WriteLine("| series | frequency | points | H | ours MASE [95% interval] | chosen (season) | Holt-Winters | HW damped | (S)ARIMA | seasonal naive | best reference | ours − best | inside interval | 80% / 95% coverage | ours s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var (rows, inside, beatsNaive) = (0, 0, 0);
        foreach (var csv in Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal))
        {
            var data = TabularData.ReadCsv(csv);
            var axis = TimeAxis.Read(data.Column("time")).Axis!;
            var horizons = axis.Frequency switch
            {
                TimeFrequency.Monthly => new[] { 12, 24 },
                TimeFrequency.Quarterly => [8],
                TimeFrequency.Yearly => [10],
                _ => [12],
            };
            foreach (var h in horizons)
            {
                var line = One(python, work, csv, data, axis, h);
                Console.WriteLine(line.Text);
                rows++;
                inside += line.Inside ? 1 : 0;
                beatsNaive += line.BeatsNaive ? 1 : 0;
            }
        }

        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant(
            $"Ours inside the 95% interval of (or better than) the best reference on {inside} of {rows}; at least as good as seasonal naive on {beatsNaive} of {rows}."));
    }

    private static (string Text, bool Inside, bool BeatsNaive) One(string python, string work, string csv, TabularData data, TimeAxis axis, int h)
    {
        var name = Path.GetFileNameWithoutExtension(csv);
        var values = data.Column("value").Select(v => TabularData.ParseNumber(v)!.Value).ToArray();
        var n = values.Length;
        var m = axis.NaturalSeason is > 1 and < 52 ? axis.NaturalSeason : 1;
        var scale = ForecastMetrics.NaiveScale(values[..(n - h)], m)!.Value;
        var actual = values[(n - h)..];
        using var reference = JsonDocument.Parse(PythonRunner.Run(python, "forecast_parity.py", csv,
            h.ToString(CultureInfo.InvariantCulture), m.ToString(CultureInfo.InvariantCulture)));
        var clock = Stopwatch.StartNew();
        var spec = new ForecastSpecification { Target = "value", TimeColumn = "time", Horizon = h };
        var result = ForecastTrainer.Train(spec, data, new TrainingOptions { WorkFolder = Path.Combine(work, $"{name}-{h}") });
        var seconds = clock.Elapsed.TotalSeconds;
        var ours = result.TestForecasts.Select(p => p.Predicted).ToArray();
        double Mase(IReadOnlyList<double> f) => actual.Select((a, i) => Math.Abs(a - f[i])).Average() / scale;
        var seasonalNaive = Mase(Enumerable.Range(0, h).Select(i => values[n - h - m + i % m]).ToArray());
        var refs = References.Select(r => reference.RootElement.TryGetProperty(r, out var e) && e.TryGetProperty("forecast", out var f)
            ? Mase(f.EnumerateArray().Select(x => x.GetDouble()).ToArray()) : (double?)null).ToList();
        var best = refs.Where(r => r is not null).Select(r => r!.Value).Append(seasonalNaive).Min();
        var oursMase = Mase(ours);
        var (low, high) = Interval(actual, ours, scale);
        var inside = low <= best;
        string Cell(double? v) => v is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "–";
        var coverage = string.Join(" / ", result.TestIntervals.Select(b => FormattableString.Invariant(
            $"{100.0 * actual.Where((a, i) => a >= b.Lower[i] && a <= b.Upper[i]).Count() / h:0}%")));
        var chosen = result.Candidates.FirstOrDefault(c => c.Chosen) is { } c
            ? c.Members.Count > 0 ? $"ensemble of {string.Join(" + ", c.Members)}" : c.Key : "?";
        var text = FormattableString.Invariant(
            $"| {name} | {axis.Frequency.ToString().ToLowerInvariant()} | {n} | {h} | {oursMase:0.00} [{low:0.00}–{high:0.00}] | {chosen} ({result.Season}) | {Cell(refs[0])} | {Cell(refs[1])} | {Cell(refs[2] ?? refs[3])} | {seasonalNaive:0.00} | {best:0.00} | {oursMase - best:+0.00;-0.00} | {(inside ? "yes" : "NO")} | {coverage} | {seconds:0.0} |");
        return (text, inside, oursMase <= seasonalNaive);
    }

    /// <summary>95% percentile bootstrap of our MASE over the test points.</summary>
    private static (double Low, double High) Interval(double[] actual, double[] forecast, double scale)
    {
        var random = new Random(7);
        var errors = actual.Select((a, i) => Math.Abs(a - forecast[i]) / scale).ToArray();
        var draws = Enumerable.Range(0, 2000).Select(_ => Enumerable.Range(0, errors.Length).Average(_ => errors[random.Next(errors.Length)]))
            .Order().ToArray();
        return (draws[49], draws[1949]);
    }

    private static string BuildSeries(string work)
    {
        var folder = Path.Combine(work, "series");
        Directory.CreateDirectory(folder);
        var script = Path.Combine(AppContext.BaseDirectory, "corpora", "build_series.R");
        var start = new ProcessStartInfo("Rscript") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Rscript.");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"build_series.R failed: {process.StandardError.ReadToEnd()}\nInstall R and statsmodels: apt-get install r-base-core python3-statsmodels");
        }

        return folder;
    }
}
