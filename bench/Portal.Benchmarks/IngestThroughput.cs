using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Portal.Core.Data;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Storage;

namespace Portal.Benchmarks;

/// <summary>
/// Upload + validation + profile of a generated numeric CSV (rows × 20 columns) through the real ingest service
/// (real SQLite file, real artefact folder). Each size runs in a fresh child process so its peak working set is its own.
/// </summary>
internal static class IngestThroughput
{
    public static void RunAll()
    {
        Console.WriteLine();
        Console.WriteLine("## Dataset ingest + profile (numeric CSV, 20 columns), each size in a fresh process");
        Console.WriteLine("| rows | file size | first upload after start, MB/s | steady: seconds | steady: MB/s | floor: read every field, MB/s | floor: read + parse numbers, MB/s | pandas read_csv + describe, MB/s | peak working set | targets: ≥ 100 MB/s, < 400 MB | preview: first page / page 10,000 |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var rows in new[] { 1_000_000, 4_000_000 })
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!, [Path.Combine(AppContext.BaseDirectory, "Portal.Benchmarks.dll"), "ingest-one", rows.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            if (Environment.ProcessPath!.EndsWith("Portal.Benchmarks", StringComparison.Ordinal))
            {
                start.ArgumentList.RemoveAt(0);
            }

            using var child = Process.Start(start)!;
            Console.WriteLine(child.StandardOutput.ReadToEnd().Trim());
            child.WaitForExit();
        }
    }

    /// <summary>Prints one table row for one file size.</summary>
    public static async Task RunOneAsync(int rows)
    {
        var folder = Directory.CreateTempSubdirectory("concordia-ingest-bench-").FullName;
        try
        {
            var csv = Path.Combine(folder, "numbers.csv");
            Generate(csv, rows);
            var bytes = new FileInfo(csv).Length;
            await using var services = Services(folder);
            await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            {
                await db.Database.MigrateAsync();
            }

            // The first large upload after a start runs partly in the JIT's quick first tier; a portal that has taken
            // one large upload runs at its steady speed. Both are timed: the first on this file, then a second file of the
            // same size (another seed, so other bytes and another hash) in the now-warm process.
            var ingest = services.GetRequiredService<DatasetIngestService>();
            using var self = Process.GetCurrentProcess();
            var first = await TimeUploadAsync(ingest, csv, "numbers.csv");
            var second = Path.Combine(folder, "numbers-2.csv");
            Generate(second, rows, seed: rows + 1);
            GC.Collect();
            var (steadySeconds, _) = await TimeUploadAsync(ingest, second, "numbers-2.csv");
            File.Delete(second);
            var (firstSeconds, dataset) = first;
            var query = services.GetRequiredService<DatasetQueryService>();
            await query.PreviewAsync("bench", dataset.Id, 0, 50); // warm-up: JIT and connection pool
            var previewClock = Stopwatch.StartNew();
            await query.PreviewAsync("bench", dataset.Id, 0, 50);
            var firstPage = previewClock.Elapsed.TotalMilliseconds;
            previewClock.Restart();
            await query.PreviewAsync("bench", dataset.Id, 10_000, 50);
            var deepPage = previewClock.Elapsed.TotalMilliseconds;
            self.Refresh();
            var megabytes = bytes / (1024.0 * 1024);
            var peak = self.PeakWorkingSet64 / (1024.0 * 1024);
            var floor = Floors(csv);
            var pandas = Pandas(csv);
            var speed = megabytes / steadySeconds;
            Console.WriteLine(FormattableString.Invariant(
                $"| {rows:N0} | {megabytes:0} MB | {megabytes / firstSeconds:0} | {steadySeconds:0.00} | {speed:0} | {megabytes / floor.Read:0} | {megabytes / floor.Parse:0} | {(pandas is { } p ? (megabytes / p).ToString("0", CultureInfo.InvariantCulture) : "n/a")} | {peak:0} MB | {(speed >= 100 ? "speed met" : "speed NOT met")}, {(peak < 400 ? "memory met" : "memory NOT met")} | {firstPage:0} ms / {deepPage:0} ms |"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The floors the ingest is measured against, on the same file: the parser reading every field (Sylvan over a UTF-8
    /// reader), and reading every field and parsing it as a number. Seconds, best of two.
    /// </summary>
    private static (double Read, double Parse) Floors(string csv)
    {
        double Time(bool parse)
        {
            var best = double.MaxValue;
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var clock = Stopwatch.StartNew();
                using var text = new StreamReader(csv, new UTF8Encoding(false, true), false, 1 << 16);
                using var reader = Sylvan.Data.Csv.CsvDataReader.Create(text, Portal.Formats.DelimitedText.Options(','));
                double sum = 0;
                long chars = 0;
                while (reader.Read())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var field = reader.GetFieldSpan(i);
                        chars += field.Length;
                        if (parse && double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                        {
                            sum += value;
                        }
                    }
                }

                GC.KeepAlive(sum + chars);
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }

            return best;
        }

        return (Time(false), Time(true));
    }

    /// <summary>pandas reading the file and describing every column, in Debian's Python; null when pandas is missing.</summary>
    private static double? Pandas(string csv)
    {
        var python = Environment.GetEnvironmentVariable("CONCORDIA_PYTHON") ?? "/usr/bin/python3";
        var script = "import sys,time\nimport pandas as pd\nt=time.perf_counter()\ndf=pd.read_csv(sys.argv[1])\ndf.describe(include='all')\nprint(time.perf_counter()-t)";
        var start = new ProcessStartInfo(python, ["-c", script, csv]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        try
        {
            using var child = Process.Start(start)!;
            var output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            return child.ExitCode == 0 && double.TryParse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static ServiceProvider Services(string folder)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = folder });
        services.Configure<StorageOptions>(o => o.DataDirectory = folder);
        services.Configure<DatasetOptions>(o => o.MaxUploadBytes = long.MaxValue / 2);
        services.AddDbContextFactory<PortalDbContext>(o => PortalDbContextConfigurator.Configure(o, DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "portal.db")}"));
        services.AddSingleton<ArtefactStore>();
        services.AddTransient<DatasetIngestService>();
        services.AddTransient<Portal.Core.Features.Administration.QuotaService>();
        services.AddTransient<DatasetQueryService>();
        return services.BuildServiceProvider();
    }

    private static async Task<(double Seconds, Dataset Dataset)> TimeUploadAsync(DatasetIngestService ingest, string path, string name)
    {
        var clock = Stopwatch.StartNew();
        await using var stream = File.OpenRead(path);
        var result = await ingest.UploadTableAsync("bench", name, stream);
        return (clock.Elapsed.TotalSeconds, result.Dataset ?? throw new InvalidOperationException(result.Problem!.Message));
    }

    private static void Generate(string path, int rows, int seed = 1)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.WriteLine(string.Join(',', Enumerable.Range(0, 20).Select(i => $"x{i}")));
        var line = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            line.Clear();
            for (var c = 0; c < 20; c++)
            {
                if (c > 0)
                {
                    line.Append(',');
                }

                line.Append((random.NextDouble() * 1000).ToString("0.00", CultureInfo.InvariantCulture));
            }

            writer.WriteLine(line);
        }
    }
}
