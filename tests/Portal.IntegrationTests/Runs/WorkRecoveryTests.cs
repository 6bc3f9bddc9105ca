using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Runs;
using Portal.Core.Features.Storage;
using Portal.IntegrationTests.Infrastructure;
using Portal.Training.Specification;

namespace Portal.IntegrationTests.Runs;

/// <summary>
/// Embedded mode loses its in-memory job queue with the process: scorings and background checks that were waiting or
/// in flight when the portal stopped are picked up again at the next start, or end Failed with their reason.
/// </summary>
public sealed class WorkRecoveryTests
{
    [Fact]
    public async Task After_a_restart_waiting_scorings_and_checks_are_done_and_those_that_lost_three_workers_fail_with_their_reason()
    {
        string dataDirectory;
        Guid waitingScoring = Guid.NewGuid(), exhaustedScoring = Guid.NewGuid(), runId;
        Guid waitingCheck, exhaustedCheck;
        await using (var first = new PortalFactory { DeleteDataOnDispose = false })
        {
            dataDirectory = first.DataDirectory;
            var owner = await first.CreateUserAsync("owner@test.local", "river stone lantern 2026", Roles.Analyst);
            var dataset = await RunHarness.ImportSampleAsync(first.Services, owner.Id, "trade-panel.csv");
            runId = (await RunHarness.TrainQuickModelAsync(first.Services, owner.Id, dataset)).Id;

            await using var scope = first.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<ArtefactStore>();
            var ingest = scope.ServiceProvider.GetRequiredService<DatasetIngestService>();
            waitingCheck = (await ingest.UploadTableAsync(owner.Id, "a.csv", new MemoryStream("x,y\n1,2\n3,4\n"u8.ToArray()))).Dataset!.Id;
            exhaustedCheck = (await ingest.UploadTableAsync(owner.Id, "b.csv", new MemoryStream("x,y\n5,6\n7,8\n"u8.ToArray()))).Dataset!.Id;
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

            // As the portal left them when it was killed: one scoring queued, one whose worker died for the third time;
            // one check waiting in the lost queue, one whose worker died for the third time.
            foreach (var (id, status, attempts) in new[] { (waitingScoring, ScoringStatus.Queued, 0), (exhaustedScoring, ScoringStatus.Running, 3) })
            {
                var folder = Path.Combine(store.Root, "scoring", id.ToString("N"));
                Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(Path.Combine(folder, "input"), "year,origin,destination,gdp_origin_bn,gdp_destination_bn,distance_km,exchange_rate\n2016,China,Kenya,250,210,13000,1.1\n", Encoding.UTF8);
                db.ScoringTasks.Add(new ScoringTask
                {
                    Id = id, RunId = runId, OwnerId = owner.Id, FileName = "new.csv", Status = status, Attempts = attempts,
                    LeaseExpiresAt = status == ScoringStatus.Running ? DateTimeOffset.UtcNow.AddMinutes(-1) : null, CreatedAt = DateTimeOffset.UtcNow,
                });
            }

            await db.SaveChangesAsync();
            await db.Datasets.Where(d => d.Id == waitingCheck).ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DatasetStatus.Checking).SetProperty(d => d.Progress, 0));
            await db.Datasets.Where(d => d.Id == exhaustedCheck).ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DatasetStatus.Checking)
                .SetProperty(d => d.CheckAttempts, 3).SetProperty(d => d.CheckLeaseExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        await using var second = new PortalFactory(dataDirectory: dataDirectory);
        var factory = second.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        for (var i = 0; i < 300; i++)
        {
            await using var db = await factory.CreateDbContextAsync();
            var scorings = await db.ScoringTasks.AsNoTracking().Where(t => t.Id == waitingScoring || t.Id == exhaustedScoring).ToListAsync();
            var checks = await db.Datasets.AsNoTracking().Where(d => d.Id == waitingCheck || d.Id == exhaustedCheck).ToListAsync();
            if (scorings.All(t => t.Status is ScoringStatus.Succeeded or ScoringStatus.Failed) && checks.All(d => d.Status != DatasetStatus.Checking))
            {
                Assert.Equal((ScoringStatus.Succeeded, 1L), scorings.Where(t => t.Id == waitingScoring).Select(t => (t.Status, t.Rows)).Single());
                var exhausted = scorings.Single(t => t.Id == exhaustedScoring);
                Assert.Equal(ScoringStatus.Failed, exhausted.Status);
                Assert.Contains("interrupted 3 times", exhausted.Error);
                Assert.Equal(DatasetStatus.Ready, checks.Single(d => d.Id == waitingCheck).Status);
                var failed = checks.Single(d => d.Id == exhaustedCheck);
                Assert.Equal(DatasetStatus.Failed, failed.Status);
                Assert.Equal("Upload.CheckInterrupted", DatasetQueryService.Problem(failed)!.Code);
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("Scorings or checks were still waiting 30 s after the restart.");
    }
}
