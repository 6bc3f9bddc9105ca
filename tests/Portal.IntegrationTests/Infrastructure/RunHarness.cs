using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Runs;
using Portal.Runs.Results;
using Portal.Runs.Starting;
using Portal.Training.Specification;
using Portal.Web.Features.Datasets;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>Imports samples, submits runs and waits for them, through the portal's own services.</summary>
public static class RunHarness
{
    public static async Task<Dataset> ImportSampleAsync(IServiceProvider services, string ownerId, string fileName)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SampleDataService>().ImportAsync(ownerId);
        var page = await scope.ServiceProvider.GetRequiredService<DatasetQueryService>().ListAsync(ownerId, null, DatasetSort.NameAscending, 0, 50);
        return page.Items.Single(d => d.OriginalFileName == fileName);
    }

    /// <summary>Trains a linear model of a few epochs on the dataset and waits until it has succeeded: a model to score with.</summary>
    public static async Task<Run> TrainQuickModelAsync(IServiceProvider services, string ownerId, Dataset dataset, int epochs = 3, Func<string>? diagnostics = null)
    {
        var request = await ProposalAsync(services, ownerId, dataset, s => s with
        {
            Model = ModelFamily.Linear,
            Hyperparameters = s.Hyperparameters with { Epochs = epochs, WarmupEpochs = 1 },
        });
        var run = (await SubmitAsync(services, ownerId, request)).Run!;
        var finished = await WaitForAsync(services, run.Id, IsFinished, TimeSpan.FromSeconds(120), diagnostics);
        Assert.Equal(RunStatus.Succeeded, finished.Status);
        return finished;
    }

    /// <summary>A table request's specification (a request holds one task's specification).</summary>
    public static TabularSpecification Table(this RunRequest request) => (TabularSpecification)request.Specification;

    public static Portal.Training.Forecasting.ForecastSpecification Forecast(this RunRequest request) =>
        (Portal.Training.Forecasting.ForecastSpecification)request.Specification;

    public static RunRequest WithHyperparameters(this RunRequest request, Func<Hyperparameters, Hyperparameters> change) =>
        request with { Specification = request.Specification with { Hyperparameters = change(request.Specification.Hyperparameters) } };

    /// <summary>The portal's proposal for the dataset, with the epochs (and optionally more) changed.</summary>
    public static async Task<RunRequest> ProposalAsync(IServiceProvider services, string ownerId, Dataset dataset, Func<TabularSpecification, TabularSpecification>? change = null)
    {
        await using var scope = services.CreateAsyncScope();
        var proposal = await scope.ServiceProvider.GetRequiredService<RunSubmissionService>().ProposeAsync(ownerId, dataset.Id);
        Assert.NotNull(proposal);
        var spec = proposal.Specification;
        return new RunRequest { DatasetId = dataset.Id, Specification = change is null ? spec : change(spec) };
    }

    public static async Task<SubmitResult> SubmitAsync(IServiceProvider services, string ownerId, RunRequest request)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RunSubmissionService>().SubmitAsync(ownerId, request);
    }

    public static async Task<Run> GetAsync(IServiceProvider services, Guid runId)
    {
        await using var scope = services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId);
    }

    public static async Task<Run> WaitForAsync(IServiceProvider services, Guid runId, Func<Run, bool> condition, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        Run run;
        do
        {
            run = await GetAsync(services, runId);
            if (condition(run))
            {
                return run;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        var log = await LogAsync(services, runId);
        Assert.Fail($"Run {runId} did not reach the expected state in {timeout.TotalSeconds} s; it is {run.Status} at epoch {run.Epoch}, error {run.ErrorMessage}.\nLog:\n{log}\n{diagnostics?.Invoke()}");
        return run;
    }

    public static async Task<string> LogAsync(IServiceProvider services, Guid runId)
    {
        await using var scope = services.CreateAsyncScope();
        var lines = await scope.ServiceProvider.GetRequiredService<RunQueryService>().LogTailAsync(runId, 200);
        return string.Join("\n", lines.Select(l => l.Message));
    }

    public static bool IsFinished(Run run) => !run.IsActive;
}
