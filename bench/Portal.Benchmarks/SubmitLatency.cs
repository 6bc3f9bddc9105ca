using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Core;
using Portal.Core.Data;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Runs;
using Portal.Core.Features.Storage;
using Portal.Jobs.Hosting;
using Portal.Runs;
using Portal.Runs.Starting;
using Portal.Testing;
using Portal.Training.Specification;

namespace Portal.Benchmarks;

/// <summary>
/// Submit-to-Running latency: 50 runs submitted one after another to an idle worker (each waits for the previous to
/// finish), measured from the run's CreatedAt to its StartedAt as the database records them. Embedded mode (SQLite +
/// in-memory Hangfire + in-process server), and PostgreSQL for both EF Core and Hangfire with the worker in a separate
/// process (as Portal.Worker on a worker host), so the queue poll interval is what it would be in production.
/// </summary>
internal static class SubmitLatency
{
    private const int Submissions = 50;

    public static async Task RunAllAsync(string work)
    {
        Console.WriteLine();
        Console.WriteLine($"## Submit-to-Running latency, {Submissions} submissions to an idle worker (CreatedAt → StartedAt)");
        Console.WriteLine("| storage | Hangfire poll | median | 95th percentile | max | target |");
        Console.WriteLine("|---|---|---|---|---|---|");
        await MeasureAsync("SQLite + in-memory Hangfire (embedded)", "—", "< 1 s", Path.Combine(work, "embedded"), new()
        {
            ["Database:Provider"] = "Sqlite",
            ["Hangfire:Storage"] = "InMemory",
        });

        await using var postgres = new PostgresInstance();
        await postgres.StartAsync();
        foreach (var poll in new[] { "00:00:01", "00:00:00.200" })
        {
            await MeasureAsync("PostgreSQL 15 (EF Core + Hangfire), separate worker process", poll, "< 2 s", Path.Combine(work, "pg" + poll.Replace(":", "").Replace(".", "")), new()
            {
                ["Database:Provider"] = "PostgreSql",
                ["Database:ConnectionString"] = await postgres.CreateDatabaseAsync("latency"),
                ["Hangfire:Storage"] = "PostgreSql",
                ["Hangfire:QueuePollInterval"] = poll,
            }, remoteWorker: true);
        }
    }

    /// <summary>The worker side when it runs in its own process: settings come as environment variables.</summary>
    public static async Task RunWorkerAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddPortalCore();
        builder.AddPortalJobEngine();
        builder.AddPortalRuns();
        builder.AddPortalJobServer();
        await builder.Build().RunAsync();
    }

    private static async Task MeasureAsync(string label, string poll, string target, string folder, Dictionary<string, string?> settings, bool remoteWorker = false)
    {
        Directory.CreateDirectory(folder);
        settings["Storage:DataDirectory"] = folder;
        settings["Worker:Name"] = "bench";
        settings["Runs:MaxActiveRunsPerUser"] = "5";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
        builder.AddPortalCore();
        builder.AddPortalJobEngine();
        builder.AddPortalRuns();
        builder.AddPortalRunRecovery();
        if (!remoteWorker)
        {
            builder.AddPortalJobServer();
        }

        using var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateIfEnabledAsync();
        }

        await host.StartAsync();
        using var worker = remoteWorker ? StartWorker(settings) : null;
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            var ingest = scope.ServiceProvider.GetRequiredService<DatasetIngestService>();
            await using var file = File.OpenRead(Path.Combine(RepositoryRoot(), "wwwroot-assets", "samples", "trade-panel.csv"));
            var dataset = (await ingest.UploadAsync("bench", "trade-panel.csv", file, DatasetKind.Table)).Dataset!;
            var submissions = scope.ServiceProvider.GetRequiredService<RunSubmissionService>();
            var proposal = (await submissions.ProposeAsync("bench", dataset.Id))!;
            var request = new RunRequest
            {
                DatasetId = dataset.Id,
                Specification = proposal.Specification with { Model = ModelFamily.Linear, Hyperparameters = proposal.Specification.Hyperparameters with { Epochs = 1, WarmupEpochs = 0 } },
            };
            var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>();

            var latencies = new List<double>();
            for (var i = 0; i < Submissions + 1; i++)
            {
                var run = (await submissions.SubmitAsync("bench", request)).Run!;
                Run current;
                var clock = Stopwatch.StartNew();
                do
                {
                    await Task.Delay(10);
                    await using var context = await db.CreateDbContextAsync();
                    current = await context.Runs.AsNoTracking().SingleAsync(r => r.Id == run.Id);
                }
                while (current.IsActive && clock.Elapsed < TimeSpan.FromSeconds(60));

                if (current.Status != RunStatus.Succeeded)
                {
                    throw new InvalidOperationException($"Run {i} ended {current.Status}: {current.ErrorMessage}");
                }

                if (i > 0)
                {
                    latencies.Add((current.StartedAt!.Value - current.CreatedAt).TotalMilliseconds); // the first loads libtorch: warm-up, not counted
                }
            }

            latencies.Sort();
            string Ms(double ms) => ms.ToString("0", CultureInfo.InvariantCulture) + " ms";
            Console.WriteLine($"| {label} | {poll} | {Ms(latencies[latencies.Count / 2])} | {Ms(latencies[(int)Math.Ceiling(0.95 * latencies.Count) - 1])} | {Ms(latencies[^1])} | {target} |");
        }
        finally
        {
            worker?.Kill(entireProcessTree: true);
            await host.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
        }
    }

    private static Process StartWorker(Dictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = false };
        if (!Environment.ProcessPath!.EndsWith("Portal.Benchmarks", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Portal.Benchmarks.dll"));
        }

        start.ArgumentList.Add("latency-worker");
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Worker__Queues"] = "gpu,cpu";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return Process.Start(start)!;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the benchmarks from the repository (Portal.sln not found).");
    }
}
