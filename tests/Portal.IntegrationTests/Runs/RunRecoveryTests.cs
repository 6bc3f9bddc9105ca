using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Runs;
using Portal.IntegrationTests.Infrastructure;
using Portal.Runs.Results;
using Portal.Training.Specification;

namespace Portal.IntegrationTests.Runs;

public sealed class RunRecoveryTests
{
    private const string Analyst = "analyst-1";

    [Fact]
    public async Task A_run_interrupted_by_a_portal_restart_resumes_from_its_checkpoint_and_succeeds()
    {
        // Embedded mode: SQLite and in-memory Hangfire storage, whose queue is lost with the process.
        // A checkpoint after every epoch, so the shutdown at epoch 3 has one to resume from.
        var settings = new Dictionary<string, string?> { ["Runs:LeaseSeconds"] = "6", ["Worker:CheckpointSeconds"] = "0" };
        Guid runId;
        string dataDirectory;
        int epochAtStop;
        await using (var first = new PortalFactory(settings) { DeleteDataOnDispose = false })
        {
            dataDirectory = first.DataDirectory;
            var dataset = await RunHarness.ImportSampleAsync(first.Services, Analyst, "trade-panel.csv");
            var request = await RunHarness.ProposalAsync(first.Services, Analyst, dataset, s => RunExecutionTests.LongMlp(s) with
            {
                Hyperparameters = RunExecutionTests.LongMlp(s).Hyperparameters with { Epochs = 60, Patience = 60 },
            });
            runId = (await RunHarness.SubmitAsync(first.Services, Analyst, request)).Run!.Id;
            epochAtStop = (await RunHarness.WaitForAsync(first.Services, runId, r => r.Status == RunStatus.Running && r.Epoch >= 3, TimeSpan.FromSeconds(60))).Epoch;
        }

        await using var second = new PortalFactory(settings, dataDirectory);
        var run = await RunHarness.WaitForAsync(second.Services, runId, RunHarness.IsFinished, TimeSpan.FromSeconds(120));

        Assert.True(
            run.Status == RunStatus.Succeeded, $"{run.Status}: {run.ErrorCode} {run.ErrorMessage}\n{await RunHarness.LogAsync(second.Services, runId)}");
        Assert.Equal(2, run.Attempts);
        var result = RunQueryService.Result(run)!;
        Assert.True(result.Resumed);
        Assert.Equal(60, result.EpochsDone);
        var log = await RunHarness.LogAsync(second.Services, runId);
        Assert.Contains("shutting down; the run goes back to the queue", log);
        Assert.Contains("resuming from the last checkpoint", log);
        await using var scope = second.Services.CreateAsyncScope();
        var curve = (await scope.ServiceProvider.GetRequiredService<RunQueryService>().MetricsAsync(runId))["validation_loss"];
        Assert.Equal(Enumerable.Range(1, 60), curve.Select(p => p.Step)); // every epoch exactly once, across the restart
        Assert.True(epochAtStop < 60);
    }
}
