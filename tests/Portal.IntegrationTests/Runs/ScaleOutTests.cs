using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Runs;
using Portal.IntegrationTests.Infrastructure;
using Portal.Runs.Results;
using Portal.Training.Specification;

namespace Portal.IntegrationTests.Runs;

/// <summary>
/// The production shape on one machine: PostgreSQL 15 for EF Core and Hangfire, a portal that only enqueues, and two
/// Portal.Worker processes. One worker is killed in the middle of a run; the other resumes it from its checkpoint.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutTests(PostgresServer postgres)
{
    private const string Analyst = "analyst-1";

    [Fact]
    public async Task Two_workers_share_six_runs_and_a_run_whose_worker_is_killed_resumes_on_the_other()
    {
        var connectionString = await postgres.CreateDatabaseAsync("runs");
        var dataDirectory = Path.Combine(Path.GetTempPath(), "concordia-tests", Guid.NewGuid().ToString("N"));
        var shared = ScaleOut.Settings(connectionString, dataDirectory, new Dictionary<string, string?>
        {
            ["Runs:MaxActiveRunsPerUser"] = "10", ["Worker:CheckpointSeconds"] = "0", // a checkpoint after every epoch to resume from
        });
        await using var portal = new PortalFactory(new Dictionary<string, string?>(shared) { ["Worker:InProcess"] = "false" }, dataDirectory);
        var dataset = await RunHarness.ImportSampleAsync(portal.Services, Analyst, "trade-panel.csv");

        WorkerProcess StartWorker(string name) => ScaleOut.StartWorker(shared, name);
        var workers = new Dictionary<string, WorkerProcess> { ["worker-a"] = StartWorker("worker-a"), ["worker-b"] = StartWorker("worker-b") };
        try
        {
            string Outputs() => string.Join("\n", workers.Select(w => $"--- {w.Key}:\n{w.Value.Output}"));

            // One long run first, then five short ones.
            var longRequest = await RunHarness.ProposalAsync(portal.Services, Analyst, dataset, s => RunExecutionTests.LongMlp(s) with
            {
                Hyperparameters = RunExecutionTests.LongMlp(s).Hyperparameters with { Epochs = 80, Patience = 80 },
            });
            var shortRequest = await RunHarness.ProposalAsync(portal.Services, Analyst, dataset, s => s with
            {
                Model = ModelFamily.Linear,
                Hyperparameters = s.Hyperparameters with { Epochs = 8, WarmupEpochs = 1 },
            });
            var longRun = (await RunHarness.SubmitAsync(portal.Services, Analyst, longRequest)).Run!;
            var shortRuns = new List<Run>();
            for (var i = 0; i < 5; i++)
            {
                shortRuns.Add((await RunHarness.SubmitAsync(portal.Services, Analyst, shortRequest with { Name = $"short {i}" })).Run!);
            }

            // Kill the worker training the long run in the middle of it.
            var running = await RunHarness.WaitForAsync(portal.Services, longRun.Id, r => r.Status == RunStatus.Running && r.Epoch >= 5, TimeSpan.FromSeconds(120), Outputs);
            var victim = running.Host!;
            await workers[victim].KillAsync();
            var epochAtKill = (await RunHarness.GetAsync(portal.Services, longRun.Id)).Epoch;

            var all = new List<Run>();
            foreach (var run in shortRuns.Prepend(longRun))
            {
                all.Add(await RunHarness.WaitForAsync(portal.Services, run.Id, RunHarness.IsFinished, TimeSpan.FromSeconds(180), Outputs));
            }

            // Nothing lost: every run succeeded.
            Assert.All(all, r => Assert.True(r.Status == RunStatus.Succeeded, $"{r.Name}: {r.Status} {r.ErrorCode} {r.ErrorMessage}\n{Outputs()}"));

            // The long run resumed from its checkpoint on the survivor.
            var resumed = all[0];
            var survivor = workers.Keys.Single(k => k != victim);
            Assert.Equal(survivor, resumed.Host);
            Assert.Equal(2, resumed.Attempts);
            Assert.True(RunQueryService.Result(resumed)!.Resumed);
            var longLog = await RunHarness.LogAsync(portal.Services, longRun.Id);
            Assert.Contains($"Host {victim} stopped responding; the run goes back to the queue", longLog);
            Assert.Contains($"Attempt 2 on {survivor}", longLog);
            Assert.Contains("resuming from the last checkpoint", longLog);

            // Nothing executed twice: each short run was claimed once, and no epoch of any run was recorded twice.
            Assert.All(all.Skip(1), r => Assert.Equal(1, r.Attempts));
            await using var scope = portal.Services.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            var duplicates = await db.RunMetrics.GroupBy(m => new { m.RunId, m.Name, m.Step }).Where(g => g.Count() > 1).CountAsync();
            Assert.Equal(0, duplicates);
            var longCurve = await db.RunMetrics.Where(m => m.RunId == longRun.Id && m.Name == "validation_loss").Select(m => m.Step).ToListAsync();
            Assert.Equal(Enumerable.Range(1, 80), longCurve.Order()); // every epoch exactly once, across the kill
            Assert.True(epochAtKill < 80);

            // Both workers executed runs.
            var starts = await db.RunLogLines.Where(l => l.Message.StartsWith("Started on ")).Select(l => l.Message).ToListAsync();
            Assert.Contains(starts, m => m.StartsWith("Started on worker-a", StringComparison.Ordinal));
            Assert.Contains(starts, m => m.StartsWith("Started on worker-b", StringComparison.Ordinal));

            // Both hosts registered; the killed one stops sending heartbeats.
            var hosts = await scope.ServiceProvider.GetRequiredService<RunQueryService>().HostsAsync();
            Assert.Equal(["worker-a", "worker-b"], hosts.Select(h => h.Host.Name).Order());
        }
        finally
        {
            foreach (var worker in workers.Values)
            {
                await worker.DisposeAsync();
            }
        }
    }
}
