using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Changes;
using Portal.Core.Features.Runs;
using Portal.IntegrationTests.Infrastructure;
using Portal.Runs.Scoring;

namespace Portal.IntegrationTests.Runs;

/// <summary>
/// Open pages follow runs and scoring jobs through the change feed instead of polling: the embedded worker's writes reach
/// them as they are made, and a separate worker host's writes through the portal's relay.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LiveChangesTests(PostgresServer postgres)
{
    private const string Analyst = "analyst-live";

    [Fact]
    public async Task A_listener_hears_of_each_step_and_of_the_end_of_a_run_the_embedded_worker_trains_and_of_a_scoring_job()
    {
        await using var factory = new PortalFactory();
        var feed = factory.Services.GetRequiredService<ChangeFeed>();
        var heard = new ConcurrentQueue<(DateTimeOffset At, Change Change)>();
        using var _ = feed.Subscribe(ChangeTopic.Run, null, c => heard.Enqueue((DateTimeOffset.UtcNow, c)));
        using var __ = feed.Subscribe(ChangeTopic.Scoring, null, c => heard.Enqueue((DateTimeOffset.UtcNow, c)));

        var dataset = await RunHarness.ImportSampleAsync(factory.Services, Analyst, "trade-panel.csv");
        var run = await RunHarness.TrainQuickModelAsync(factory.Services, Analyst, dataset, epochs: 4);

        // The outcome is told once its log lines are stored too, a moment after the status a poller may already read.
        await WaitAsync(() => Task.FromResult(heard.Any(h => h.Change.Id == run.Id && h.At >= run.FinishedAt)), end => end);
        var ofRun = heard.Where(h => h.Change.Topic == ChangeTopic.Run && h.Change.Id == run.Id).ToList();
        Assert.True(ofRun[0].Change.Created); // the submission: a list that does not show the run yet may want it
        Assert.True(ofRun.Count >= 3, $"claim, progress and end each tell: heard {ofRun.Count}");

        await using var scope = factory.Services.CreateAsyncScope();
        var scoring = scope.ServiceProvider.GetRequiredService<ScoringService>();
        var file = "year,origin,destination,gdp_origin_bn,gdp_destination_bn,distance_km,exchange_rate\n2016,China,Kenya,250,210,13000,1.1\n";
        var task = (await scoring.StartAsync(Analyst, run.Id, "new.csv", new MemoryStream(Encoding.UTF8.GetBytes(file))))!;
        var done = await WaitAsync(() => scoring.FindAsync(Analyst, run.Id, task.Id), t => t?.Status == ScoringStatus.Succeeded);
        await WaitAsync(() => Task.FromResult(heard.Any(h => h.Change.Id == task.Id && h.At >= done!.FinishedAt)), heardEnd => heardEnd);
        Assert.All(heard.Where(h => h.Change.Id == task.Id), h => Assert.Equal(run.Id, h.Change.RunId)); // the run page it belongs on
    }

    [Fact]
    public async Task A_run_and_a_scoring_job_on_a_separate_worker_host_reach_the_portals_listeners_through_the_relay()
    {
        var connectionString = await postgres.CreateDatabaseAsync("live");
        var dataDirectory = Path.Combine(Path.GetTempPath(), "concordia-tests", Guid.NewGuid().ToString("N"));
        var shared = ScaleOut.Settings(connectionString, dataDirectory);
        await using var portal = new PortalFactory(new Dictionary<string, string?>(shared) { ["Worker:InProcess"] = "false" }, dataDirectory);
        var feed = portal.Services.GetRequiredService<ChangeFeed>();
        var heard = new ConcurrentQueue<(DateTimeOffset At, Change Change)>();
        using var _ = feed.Subscribe(ChangeTopic.Run, null, c => heard.Enqueue((DateTimeOffset.UtcNow, c)));
        using var __ = feed.Subscribe(ChangeTopic.Scoring, null, c => heard.Enqueue((DateTimeOffset.UtcNow, c)));
        var dataset = await RunHarness.ImportSampleAsync(portal.Services, Analyst, "trade-panel.csv");

        await using var worker = ScaleOut.StartWorker(shared, "worker-live");
        var run = await RunHarness.TrainQuickModelAsync(portal.Services, Analyst, dataset, epochs: 6, () => worker.Output);
        Assert.Equal("worker-live", run.Host);

        // The worker's own feed is in its own process: what the portal heard after the submission came through the relay.
        await WaitAsync(() => Task.FromResult(heard.Any(h => h.Change.Id == run.Id && h.At >= run.FinishedAt)), end => end);
        Assert.Contains(heard, h => h.Change.Id == run.Id && !h.Change.Created && h.At < run.FinishedAt); // progress on the way

        await using var scope = portal.Services.CreateAsyncScope();
        var scoring = scope.ServiceProvider.GetRequiredService<ScoringService>();
        var file = "year,origin,destination,gdp_origin_bn,gdp_destination_bn,distance_km,exchange_rate\n2016,China,Kenya,250,210,13000,1.1\n";
        var task = (await scoring.StartAsync(Analyst, run.Id, "new.csv", new MemoryStream(Encoding.UTF8.GetBytes(file))))!;
        var done = await WaitAsync(() => scoring.FindAsync(Analyst, run.Id, task.Id), t => t?.Status == ScoringStatus.Succeeded);
        await WaitAsync(() => Task.FromResult(heard.Any(h => h.Change.Id == task.Id && h.At >= done!.FinishedAt)), end => end);
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "Not heard within a minute.");
            await Task.Delay(50);
        }
    }
}
