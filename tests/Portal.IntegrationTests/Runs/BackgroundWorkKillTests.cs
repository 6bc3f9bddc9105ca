using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Runs;
using Portal.IntegrationTests.Infrastructure;
using Portal.Runs.Scoring;
using Portal.Training.Specification;

namespace Portal.IntegrationTests.Runs;

/// <summary>
/// The production shape (PostgreSQL, a portal that only enqueues, Portal.Worker processes): the worker scoring a file
/// and checking a large upload is killed in the middle of both; a second worker finishes both, each exactly once more.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BackgroundWorkKillTests(PostgresServer postgres)
{
    private const string Analyst = "analyst-1";

    [Fact]
    public async Task A_scoring_and_a_background_check_whose_worker_is_killed_are_finished_by_another_worker()
    {
        var connectionString = await postgres.CreateDatabaseAsync("background");
        var dataDirectory = Path.Combine(Path.GetTempPath(), "concordia-tests", Guid.NewGuid().ToString("N"));
        var shared = ScaleOut.Settings(connectionString, dataDirectory, new Dictionary<string, string?>
        {
            ["Datasets:ProfileInlineBytes"] = (1024 * 1024).ToString(CultureInfo.InvariantCulture),
        });
        await using var portal = new PortalFactory(new Dictionary<string, string?>(shared) { ["Worker:InProcess"] = "false" }, dataDirectory);
        WorkerProcess StartWorker(string name) => ScaleOut.StartWorker(shared, name, new Dictionary<string, string> { ["Worker:InteractiveWorkerCount"] = "2" });
        var first = StartWorker("worker-a");
        WorkerProcess? second = null;
        try
        {
            string Outputs() => $"--- worker-a:\n{first.Output}\n--- worker-b:\n{second?.Output}";
            var dataset = await RunHarness.ImportSampleAsync(portal.Services, Analyst, "trade-panel.csv");
            var model = await RunHarness.TrainQuickModelAsync(portal.Services, Analyst, dataset, diagnostics: Outputs);

            await using var scope = portal.Services.CreateAsyncScope();
            var scoringFile = new StringBuilder("year,origin,destination,gdp_origin_bn,gdp_destination_bn,distance_km,exchange_rate\n");
            for (var i = 0; i < 400_000; i++)
            {
                scoringFile.Append(CultureInfo.InvariantCulture, $"{2000 + (i % 20)},China,Kenya,{250 + (i % 97)},210,13000,1.1\n");
            }

            var table = new StringBuilder("a,b,c,d,e,f\n");
            for (var i = 0; i < 3_000_000; i++)
            {
                table.Append(CultureInfo.InvariantCulture, $"{i},{i * 0.5:0.0},{i % 7},{i % 13},x{i % 11},{i % 3}\n");
            }

            // Both files are made before either job starts, so the two are in the worker's hands at the same time.
            var scoringBytes = Encoding.UTF8.GetBytes(scoringFile.ToString());
            var tableBytes = Encoding.UTF8.GetBytes(table.ToString());
            var upload = await scope.ServiceProvider.GetRequiredService<DatasetIngestService>()
                .UploadTableAsync(Analyst, "large.csv", new MemoryStream(tableBytes));
            var scoring = (await scope.ServiceProvider.GetRequiredService<ScoringService>()
                .StartAsync(Analyst, model.Id, "many.csv", new MemoryStream(scoringBytes)))!;
            Assert.Equal(DatasetStatus.Checking, upload.Dataset!.Status);

            // Kill the worker while both are in its hands.
            var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                await using var read = await db.CreateDbContextAsync();
                var scoringRunning = await read.ScoringTasks.AnyAsync(t => t.Id == scoring.Id && t.Status == ScoringStatus.Running);
                var checking = await read.Datasets.AnyAsync(d => d.Id == upload.Dataset.Id && d.Status == DatasetStatus.Checking && d.CheckAttempts == 1);
                if (scoringRunning && checking)
                {
                    break;
                }

                await Task.Delay(50);
            }

            await first.KillAsync();
            second = StartWorker("worker-b");

            ScoringTask? scored = null;
            Dataset? checkedSet = null;
            deadline = DateTime.UtcNow.AddSeconds(120);
            while (DateTime.UtcNow < deadline && (scored is null || checkedSet is null))
            {
                await using var read = await db.CreateDbContextAsync();
                scored = await read.ScoringTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == scoring.Id && (t.Status == ScoringStatus.Succeeded || t.Status == ScoringStatus.Failed));
                checkedSet = await read.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == upload.Dataset.Id && d.Status != DatasetStatus.Checking);
                await Task.Delay(200);
            }

            Assert.True(scored is not null && checkedSet is not null, "still waiting after the kill\n" + Outputs());
            Assert.Equal((ScoringStatus.Succeeded, 400_000L, 2), (scored!.Status, scored.Rows, scored.Attempts));
            Assert.Equal((DatasetStatus.Ready, 3_000_000L, 2), (checkedSet!.Status, checkedSet.RowCount, checkedSet.CheckAttempts));
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }
}
