using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Runs;
using Portal.Core.Features.Storage;
using Portal.IntegrationTests.Infrastructure;
using Portal.Jobs;
using Portal.Runs.Results;
using Portal.Runs.Starting;
using Portal.Runs.Training;
using Portal.Training.Packaging;
using Portal.Training.Specification;

namespace Portal.IntegrationTests.Runs;

/// <summary>Runs through the real in-process Hangfire server and real TorchSharp training on the bundled samples.</summary>
public sealed class RunExecutionTests
{
    private const string Analyst = "analyst-1";

    [Fact]
    public async Task A_regression_run_on_the_trade_panel_succeeds_with_curves_a_log_and_a_model_better_than_the_baseline()
    {
        await using var factory = new PortalFactory();
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, Analyst, "trade-panel.csv");
        var request = await RunHarness.ProposalAsync(factory.Services, Analyst, dataset, s => s with { Hyperparameters = s.Hyperparameters with { Epochs = 15, WarmupEpochs = 1 } });

        Assert.Equal(TrainingTask.Regression, request.Table().Task);
        Assert.Equal("trade_volume_mn", request.Table().Target);
        Assert.DoesNotContain("trade_volume_mn", request.Table().Features!);

        var submitted = await RunHarness.SubmitAsync(factory.Services, Analyst, request);
        Assert.True(submitted.Succeeded, string.Join("; ", submitted.Problems.Select(p => p.Message)));
        Assert.Equal("cpu", submitted.Run!.Queue); // no GPU host is online

        var run = await RunHarness.WaitForAsync(factory.Services, submitted.Run.Id, RunHarness.IsFinished, TimeSpan.FromSeconds(120));
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal("test-portal", run.Host);
        Assert.StartsWith("CPU:", run.Device);
        Assert.Equal(1, run.Attempts);
        Assert.NotNull(run.StartedAt);
        Assert.True(run.FinishedAt >= run.StartedAt);
        Assert.Null(run.LeaseHolder);
        Assert.True(run.ComputeSeconds > 0);

        var result = RunQueryService.Result(run)!;
        Assert.Equal("r2", result.HeadlineMetric);
        Assert.True(result.Headline > result.BaselineHeadline + 0.2, $"R² {result.Headline} vs baseline {result.BaselineHeadline}");

        await using var scope = factory.Services.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<RunQueryService>();
        var metrics = await query.MetricsAsync(run.Id);
        // 1,570 training and validation rows: Auto compares the families by 5-fold cross-validation; the curve is the chosen one's
        // final training (the folds' epochs are not on it).
        var chosen = result.Model.ToLowerInvariant();
        Assert.True(metrics[$"{chosen}.validation_loss"].Count >= 1, string.Join(", ", metrics.Keys));
        Assert.DoesNotContain(metrics.Keys, k => k.StartsWith("cv-", StringComparison.Ordinal));
        var evaluation = (await scope.ServiceProvider.GetRequiredService<RunResultService>().LoadAsync(Analyst, run.Id))!.Evaluation!;
        Assert.Equal(5, evaluation.Table!.Folds);
        Assert.Equal(result.Model, Assert.Single(evaluation.Table.Candidates, c => c.Chosen).Model.ToString());
        var log = await RunHarness.LogAsync(factory.Services, run.Id);
        Assert.Contains("Started on test-portal", log);
        Assert.Contains($"Epoch 1 ({chosen})", log);
        Assert.Contains("Finished: r2", log);

        var store = scope.ServiceProvider.GetRequiredService<ArtefactStore>();
        var model = TabularModelPackage.Load(Path.Combine(store.Root, run.ModelPath!));
        Assert.Equal("trade_volume_mn", model.Specification.Target);
    }

    [Fact]
    public async Task Parallel_submits_never_exceed_the_active_run_limit()
    {
        // No server takes the cpu queue here, so every accepted run stays queued while the others race.
        await using var factory = new PortalFactory(new() { ["Runs:MaxActiveRunsPerUser"] = "3", ["Worker:Queues"] = "default" });
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, Analyst, "trade-panel.csv");
        var request = await RunHarness.ProposalAsync(factory.Services, Analyst, dataset);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => RunHarness.SubmitAsync(factory.Services, Analyst, request))));

        Assert.Equal(3, results.Count(r => r.Succeeded));
        var refused = results.Where(r => !r.Succeeded).ToList();
        Assert.All(refused, r => Assert.Equal((SubmitOutcome.OverQuota, "Quota.ActiveRuns"), (r.Outcome, r.Problems[0].Code)));
        Assert.Contains("the most allowed at once (3)", refused[0].Problems[0].Message);
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(3, await db.Runs.CountAsync());

        // Another user has their own allowance.
        var other = await RunHarness.ImportSampleAsync(factory.Services, "analyst-2", "trade-panel.csv");
        Assert.True((await RunHarness.SubmitAsync(factory.Services, "analyst-2", await RunHarness.ProposalAsync(factory.Services, "analyst-2", other))).Succeeded);
    }

    [Fact]
    public async Task Bad_settings_and_other_users_datasets_are_refused_and_nothing_is_queued()
    {
        await using var factory = new PortalFactory();
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, Analyst, "trade-panel.csv");
        var request = await RunHarness.ProposalAsync(factory.Services, Analyst, dataset);

        var outOfRange = await RunHarness.SubmitAsync(factory.Services, Analyst, request with
        {
            Specification = request.Table() with { Hyperparameters = request.Table().Hyperparameters with { LearningRate = 50, Dropout = 1.5 } },
        });
        Assert.Equal(SubmitOutcome.Invalid, outOfRange.Outcome);
        Assert.Equal(["Dropout", "LearningRate"], outOfRange.Problems.Select(p => p.Field).Order());

        var wrongTarget = await RunHarness.SubmitAsync(factory.Services, Analyst,
            request with { Specification = request.Table() with { Target = "origin", Features = null } });
        Assert.Equal(("Target", "Target.NotNumeric"), (wrongTarget.Problems[0].Field, wrongTarget.Problems[0].Code));

        var missingFeature = await RunHarness.SubmitAsync(factory.Services, Analyst,
            request with { Specification = request.Table() with { Features = ["population"] } });
        Assert.Equal(("Features", "Feature.Missing"), (missingFeature.Problems[0].Field, missingFeature.Problems[0].Code));

        var someoneElses = await RunHarness.SubmitAsync(factory.Services, "intruder", request);
        Assert.Equal(SubmitOutcome.DatasetNotFound, someoneElses.Outcome);

        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Runs.CountAsync());
        Assert.Null(await scope.ServiceProvider.GetRequiredService<RunQueryService>().FindAsync("intruder", Guid.NewGuid()));
    }

    [Fact]
    public async Task Cancelling_a_running_run_stops_it_within_five_seconds_and_keeps_its_curves()
    {
        await using var factory = new PortalFactory();
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, Analyst, "trade-panel.csv");
        var request = await RunHarness.ProposalAsync(factory.Services, Analyst, dataset, LongMlp);
        var run = (await RunHarness.SubmitAsync(factory.Services, Analyst, request)).Run!;
        await RunHarness.WaitForAsync(factory.Services, run.Id, r => r.Status == RunStatus.Running && r.Epoch >= 2, TimeSpan.FromSeconds(60));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<RunSubmissionService>().CancelAsync("intruder", run.Id));
            Assert.True(await scope.ServiceProvider.GetRequiredService<RunSubmissionService>().CancelAsync(Analyst, run.Id));
        }

        var asked = DateTime.UtcNow;
        var cancelled = await RunHarness.WaitForAsync(factory.Services, run.Id, RunHarness.IsFinished, TimeSpan.FromSeconds(10));
        Assert.True(DateTime.UtcNow - asked < TimeSpan.FromSeconds(5), $"took {(DateTime.UtcNow - asked).TotalSeconds:F1} s");
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.Epoch < 400);
        await using var check = factory.Services.CreateAsyncScope();
        var metrics = await check.ServiceProvider.GetRequiredService<RunQueryService>().MetricsAsync(run.Id);
        Assert.True(metrics["validation_loss"].Count >= 2);
        Assert.Contains("Cancelled", await RunHarness.LogAsync(factory.Services, run.Id));
    }

    [Fact]
    public async Task A_queued_run_is_cancelled_at_once_and_never_starts()
    {
        await using var factory = new PortalFactory(new() { ["Worker:Queues"] = "default" });
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, Analyst, "trade-panel.csv");
        var run = (await RunHarness.SubmitAsync(factory.Services, Analyst, await RunHarness.ProposalAsync(factory.Services, Analyst, dataset))).Run!;
        await using var scope = factory.Services.CreateAsyncScope();

        Assert.True(await scope.ServiceProvider.GetRequiredService<RunSubmissionService>().CancelAsync(Analyst, run.Id));
        await scope.ServiceProvider.GetRequiredService<TrainingJob>().ExecuteAsync(run.Id, CancellationToken.None); // a late pick-up does nothing

        var after = await RunHarness.GetAsync(factory.Services, run.Id);
        Assert.Equal((RunStatus.Cancelled, 0, (string?)null), (after.Status, after.Attempts, after.Host));
    }

    [Fact]
    public async Task Two_pick_ups_of_the_same_run_train_it_once()
    {
        await using var factory = new PortalFactory(new() { ["Worker:Queues"] = "default" });
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, Analyst, "trade-panel.csv");
        var request = await RunHarness.ProposalAsync(factory.Services, Analyst, dataset, s => s with { Model = ModelFamily.Linear, Hyperparameters = s.Hyperparameters with { Epochs = 5, WarmupEpochs = 1 } });
        var run = (await RunHarness.SubmitAsync(factory.Services, Analyst, request)).Run!;

        // As after a Hangfire retry or a restart that re-enqueued the run: two jobs for one run at the same moment.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TrainingJob>().ExecuteAsync(run.Id, CancellationToken.None);
        }));

        var after = await RunHarness.GetAsync(factory.Services, run.Id);
        Assert.Equal((RunStatus.Succeeded, 1), (after.Status, after.Attempts));
        await using var check = factory.Services.CreateAsyncScope();
        var metrics = await check.ServiceProvider.GetRequiredService<RunQueryService>().MetricsAsync(run.Id);
        Assert.Equal(5, metrics["validation_loss"].Count);
        await using var db = await check.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(5 * 3, await db.RunMetrics.CountAsync(m => m.RunId == run.Id));
    }

    [Fact]
    public async Task A_run_that_uses_up_the_monthly_minutes_stops_by_quota_and_keeps_its_best_model()
    {
        await using var factory = new PortalFactory(new() { ["Runs:ComputeMinutesPerMonth"] = "60" });
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, Analyst, "trade-panel.csv");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // Earlier this month the analyst used 59 minutes and 57 seconds.
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            db.Runs.Add(new Run
            {
                Id = Guid.NewGuid(), OwnerId = Analyst, Name = "earlier", DatasetId = dataset.Id, SpecificationJson = "{}", Queue = "cpu",
                Status = RunStatus.Succeeded, CreatedAt = DateTimeOffset.UtcNow, StartedAt = DateTimeOffset.UtcNow, FinishedAt = DateTimeOffset.UtcNow, ComputeSeconds = 59 * 60 + 57,
            });
            await db.SaveChangesAsync();
        }

        var run = (await RunHarness.SubmitAsync(factory.Services, Analyst, await RunHarness.ProposalAsync(factory.Services, Analyst, dataset, LongMlp))).Run!;
        var stopped = await RunHarness.WaitForAsync(factory.Services, run.Id, RunHarness.IsFinished, TimeSpan.FromSeconds(60));

        Assert.Equal(RunStatus.StoppedByQuota, stopped.Status);
        Assert.True(stopped.Epoch < 400);
        Assert.NotNull(stopped.ModelPath);
        Assert.NotNull(RunQueryService.Result(stopped));
        Assert.Contains("monthly compute quota (60 minutes) is used up", await RunHarness.LogAsync(factory.Services, run.Id));

        var next = await RunHarness.SubmitAsync(factory.Services, Analyst, await RunHarness.ProposalAsync(factory.Services, Analyst, dataset));
        Assert.Equal(("Quota.ComputeMinutes", SubmitOutcome.OverQuota), (next.Problems[0].Code, next.Outcome));
    }

    /// <summary>An MLP with many epochs: long enough to cancel, stop or restart in the middle.</summary>
    internal static TabularSpecification LongMlp(TabularSpecification s) =>
        s with { Model = ModelFamily.Mlp, Hyperparameters = s.Hyperparameters with { Epochs = 400, Patience = 400, WarmupEpochs = 1, BatchSize = 16 } };
}

public sealed class DatasetInUseTests
{
    [Fact]
    public async Task A_dataset_used_by_runs_cannot_be_deleted_but_can_be_archived_which_hides_it_from_lists_and_new_runs()
    {
        const string analyst = "analyst-1";
        await using var factory = new PortalFactory(new() { ["Worker:Queues"] = "default" });
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, analyst, "trade-panel.csv");
        var request = await RunHarness.ProposalAsync(factory.Services, analyst, dataset);
        var run = (await RunHarness.SubmitAsync(factory.Services, analyst, request with { Name = "gravity model" })).Run!;
        await using var scope = factory.Services.CreateAsyncScope();
        var edits = scope.ServiceProvider.GetRequiredService<Portal.Core.Features.Datasets.DatasetEditService>();
        var query = scope.ServiceProvider.GetRequiredService<Portal.Core.Features.Datasets.DatasetQueryService>();

        var refused = await edits.DeleteAsync(analyst, dataset.Id);

        Assert.Equal("Dataset.InUse", refused?.Code);
        Assert.Contains("gravity model", refused!.Message);
        Assert.NotNull(await query.FindAsync(analyst, dataset.Id));
        Assert.True(File.Exists(scope.ServiceProvider.GetRequiredService<ArtefactStore>().BlobPath(dataset.ContentHash)));

        Assert.Null(await edits.SetArchivedAsync(analyst, dataset.Id, true, DateTimeOffset.UtcNow));
        Assert.Equal("Dataset.NotFound", (await edits.SetArchivedAsync("intruder", dataset.Id, false, DateTimeOffset.UtcNow))?.Code);
        var listed = await query.ListAsync(analyst, null, Portal.Core.Features.Datasets.DatasetSort.NameAscending, 0, 50);
        Assert.DoesNotContain(listed.Items, d => d.Id == dataset.Id);
        var archived = await query.ListAsync(analyst, null, Portal.Core.Features.Datasets.DatasetSort.NameAscending, 0, 50, archived: true);
        Assert.Contains(archived.Items, d => d.Id == dataset.Id);

        var onArchived = await RunHarness.SubmitAsync(factory.Services, analyst, request);
        Assert.Equal("Dataset.Archived", onArchived.Problems[0].Code);
        Assert.Equal(RunStatus.Queued, (await RunHarness.GetAsync(factory.Services, run.Id)).Status); // the run keeps it
    }
}
