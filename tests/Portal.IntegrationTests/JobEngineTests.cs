using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Diagnostics;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

[Collection(PostgresCollection.Name)]
public sealed class JobEngineTests(PostgresServer postgres)
{
    [Theory]
    [InlineData("default")]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public async Task In_process_worker_runs_a_diagnostic_job_from_each_queue(string queue)
    {
        await using var factory = new PortalFactory();
        await using var scope = factory.Services.CreateAsyncScope();
        var diagnostics = scope.ServiceProvider.GetRequiredService<DiagnosticsService>();

        var ping = await diagnostics.RequestPingAsync(null, queue);
        var answer = await diagnostics.WaitForAnswerAsync(ping.Id, TimeSpan.FromSeconds(30));

        Assert.NotNull(answer?.CompletedAt);
        Assert.Equal("test-portal", answer.CompletedByHost);
        Assert.StartsWith("CPU:", answer.Device);
    }

    [Fact]
    public async Task With_postgresql_storage_the_portal_only_enqueues_and_a_separate_worker_process_runs_the_job()
    {
        var connectionString = await postgres.CreateDatabaseAsync("scaleout");
        var shared = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = connectionString,
            ["Hangfire:Storage"] = "PostgreSql",
            ["Hangfire:QueuePollInterval"] = "00:00:00.500",
        };
        await using var portal = new PortalFactory(new Dictionary<string, string?>(shared) { ["Worker:InProcess"] = "false" });
        _ = portal.Services; // migrates the database before the worker starts

        await using var worker = WorkerProcess.Start(new Dictionary<string, string>(shared.Select(p => KeyValuePair.Create(p.Key, p.Value!)))
        {
            ["Worker:Name"] = "test-gpu-host",
            ["Worker:Queues"] = "gpu,default",
        });
        await WaitForServerAsync(portal, "test-gpu-host", worker);

        await using var scope = portal.Services.CreateAsyncScope();
        var diagnostics = scope.ServiceProvider.GetRequiredService<DiagnosticsService>();
        var ping = await diagnostics.RequestPingAsync(null, "gpu");
        var answer = await diagnostics.WaitForAnswerAsync(ping.Id, TimeSpan.FromSeconds(60));

        Assert.True(answer?.CompletedAt is not null, "No answer from the worker. Its output:\n" + worker.Output);
        Assert.Equal("test-gpu-host", answer.CompletedByHost);
        Assert.StartsWith("CPU:", answer.Device);
        Assert.Contains("trains on CPU", worker.Output); // the worker reports its device at start
        Assert.Contains(portal.Logs.Entries, e => e.Message.Contains("training runs on separate worker hosts", StringComparison.Ordinal));

        // The portal's own health report sees the worker and says it trains nothing itself.
        using var health = JsonDocument.Parse(await portal.CreateMonitoringClient().GetStringAsync("/health"));
        var checks = health.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("job-engine").GetProperty("status").GetString());
        Assert.Contains("test-gpu-host", checks.GetProperty("job-engine").GetProperty("data").GetProperty("servers")[0].GetProperty("name").GetString());
        Assert.False(checks.GetProperty("training-device").GetProperty("data").GetProperty("inProcess").GetBoolean());
    }

    [Fact]
    public async Task Worker_refuses_to_start_with_in_memory_job_storage()
    {
        await using var worker = WorkerProcess.Start(new Dictionary<string, string> { ["Hangfire:Storage"] = "InMemory", ["Storage:DataDirectory"] = Path.GetTempPath() });

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!worker.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True(worker.HasExited);
        Assert.Contains("Portal.Worker needs shared job storage", worker.Output);
    }

    private static async Task WaitForServerAsync(PortalFactory portal, string name, WorkerProcess worker)
    {
        var storage = portal.Services.GetRequiredService<JobStorage>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (storage.GetMonitoringApi().Servers().Any(s => s.Name.StartsWith(name + ":", StringComparison.Ordinal)))
            {
                return;
            }

            Assert.False(worker.HasExited, "The worker exited:\n" + worker.Output);
            await Task.Delay(250);
        }

        Assert.Fail("The worker did not register with the job storage within 90 s:\n" + worker.Output);
    }
}
