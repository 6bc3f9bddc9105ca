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
        Console.WriteLine("| rows | file size | seconds | MB/s | peak working set | targets: ≥ 50 MB/s, < 400 MB | preview: first page / page 10,000 |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
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

            GC.Collect();
            using var self = Process.GetCurrentProcess();
            var clock = Stopwatch.StartNew();
            Dataset dataset;
            await using (var stream = File.OpenRead(csv))
            {
                var result = await services.GetRequiredService<DatasetIngestService>().UploadTableAsync("bench", "numbers.csv", stream);
                dataset = result.Dataset ?? throw new InvalidOperationException(result.Problem!.Message);
            }

            clock.Stop();
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
            Console.WriteLine(FormattableString.Invariant(
                $"| {rows:N0} | {megabytes:0} MB | {clock.Elapsed.TotalSeconds:0.0} | {megabytes / clock.Elapsed.TotalSeconds:0} | {peak:0} MB | {(megabytes / clock.Elapsed.TotalSeconds >= 50 ? "speed met" : "speed NOT met")}, {(peak < 400 ? "memory met" : "memory NOT met")} | {firstPage:0} ms / {deepPage:0} ms |"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
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

    private static void Generate(string path, int rows)
    {
        var random = new Random(1);
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
