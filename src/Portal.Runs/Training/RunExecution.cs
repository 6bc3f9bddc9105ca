using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Administration;
using Portal.Core.Features.Jobs;
using Portal.Core.Features.Storage;
using Portal.Training.Data;
using Portal.Training.Devices;
using Portal.Training.Packaging;
using Portal.Training.Trainers;

namespace Portal.Runs.Training;

/// <summary>
/// Executes one run on this host. Claims the run's lease first (a run already claimed, finished or cancelled is left
/// alone, so a duplicate job never trains twice), trains on a dedicated thread, and meanwhile renews the lease,
/// writes progress and metrics, and watches for cancel requests and quotas through the database.
/// </summary>
public sealed class RunExecution(
    IDbContextFactory<PortalDbContext> dbFactory,
    ArtefactStore store,
    RunDispatcher dispatcher,
    RunLease lease,
    QuotaService quotas,
    IOptions<RunOptions> options,
    IOptions<WorkerOptions> worker,
    TimeProvider clock,
    ILogger<RunExecution> logger)
{
    /// <summary>This process, so two processes with the same host name never share a lease.</summary>
    private static readonly string ProcessInstance = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    public static string WorkFolder(ArtefactStore store, Guid runId) => Path.Combine(store.Root, "runs", runId.ToString("N"), "work");

    public static string ModelRelativePath(Guid runId) => Path.Combine("runs", runId.ToString("N"), "model.zip");

    public static string EvaluationPath(ArtefactStore store, Guid runId) => Path.Combine(
        store.Root, "runs", runId.ToString("N"), RunEvaluation.FileName);

    public async Task ExecuteAsync(Guid runId, CancellationToken shutdown)
    {
        var holder = $"{worker.Value.ResolveName()}:{ProcessInstance}";
        var device = await Task.Run(() => DeviceProbe.Current, CancellationToken.None);
        if (!await lease.ClaimAsync(runId, holder, worker.Value.ResolveName(), device.Describe()))
        {
            logger.LogInformation("Run {RunId} is not waiting for a host (already claimed, finished or cancelled); nothing to do.", runId);
            return;
        }

        Run run;
        Dataset? dataset;
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            run = await db.Runs.AsNoTracking().FirstAsync(r => r.Id == runId, CancellationToken.None);
            dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == run.DatasetId, CancellationToken.None);
        }

        var monitor = new RunMonitor();
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            var names = await db.RunMetrics.AsNoTracking().Where(m => m.RunId == runId && m.Name.EndsWith("validation_loss"))
                .Select(m => new { m.Name, m.Step }).ToListAsync(CancellationToken.None);
            monitor.AlreadyRecorded(names.Select(m => (m.Name.Contains('.') ? m.Name[..m.Name.LastIndexOf('.')] : null, m.Step)));
        }

        var workFolder = WorkFolder(store, runId);
        var resuming = Directory.Exists(workFolder) && Directory.EnumerateFiles(
            workFolder, "state.json", SearchOption.AllDirectories).Any();
        monitor.Log(run.Attempts > 1
            ? $"Attempt {run.Attempts} on {worker.Value.ResolveName()} ({device.Describe()}); " +
                $"{(resuming ? "resuming from the last checkpoint" : "no checkpoint yet, starting from the beginning")}."
            : $"Started on {worker.Value.ResolveName()} ({device.Describe()}).");

        if (dataset is null)
        {
            await FinishAsync(
                run, holder, monitor, RunStatus.Failed, "Dataset.Deleted", "The dataset of this run no longer exists.", null, null);
            return;
        }

        using var stop = new CancellationTokenSource();
        var training = StartTraining(run, dataset, device, workFolder, monitor, stop.Token);
        var outcome = await SuperviseAsync(run, holder, monitor, training, stop, shutdown);
        await CompleteAsync(run, holder, monitor, training, outcome);
    }

    private Task<TrainedRun> StartTraining(
        Run run, Dataset dataset, TrainingDevice device, string workFolder, RunMonitor monitor, CancellationToken stop)
    {
        var done = new TaskCompletionSource<TrainedRun>(TaskCreationOptions.RunContinuationsAsynchronously);
        var path = store.BlobPath(dataset.ContentHash);
        var thread = new Thread(() =>
        {
            try
            {
                TrainingThreads.Apply(TrainingThreads.For(worker.Value.TrainingThreads, worker.Value.WorkerCount));
                var specification = TaskPlans.Read(run);
                var data = new RunData(dataset, path, monitor.Log);
                done.SetResult(TaskPlans.For(specification).Train(run, specification, data, new TrainingOptions
                {
                    WorkFolder = workFolder,
                    Device = device,
                    Progress = p => monitor.Latest = p,
                    EpochCompleted = monitor.EpochCompleted,
                    ShouldStop = () => monitor.StopReason is not null,
                    ProgressInterval = TimeSpan.FromSeconds(1),
                    CheckpointInterval = TimeSpan.FromSeconds(worker.Value.CheckpointSeconds),
                }, stop));
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "training",
        };
        thread.Start();
        return done.Task;
    }

    private enum Outcome
    {
        Finished,
        CancelledByUser,
        LostLease,
        Shutdown,
    }

    /// <summary>Every monitor interval: renew the lease, write progress, look for a cancel request, charge the minutes.</summary>
    private async Task<Outcome> SuperviseAsync(
        Run run, string holder, RunMonitor monitor, Task training, CancellationTokenSource stop, CancellationToken shutdown)
    {
        var limits = options.Value;
        var interval = TimeSpan.FromMilliseconds(limits.MonitorIntervalMilliseconds);
        var charged = Stopwatch.StartNew();
        var outcome = Outcome.Finished;
        while (!training.IsCompleted)
        {
            await Task.WhenAny(training, Task.Delay(interval, CancellationToken.None));
            if (shutdown.IsCancellationRequested && outcome == Outcome.Finished)
            {
                outcome = Outcome.Shutdown;
                await stop.CancelAsync();
            }

            var seconds = charged.Elapsed.TotalSeconds;
            charged.Restart();
            var state = await lease.RenewAsync(run.Id, holder, monitor, seconds);
            if (state is null && outcome == Outcome.Finished)
            {
                outcome = Outcome.LostLease;
                logger.LogWarning("Run {RunId}: this host lost its lease; another host has taken the run over. Stopping here.", run.Id);
                await stop.CancelAsync();
            }
            else if (state is { CancelRequested: true } && outcome == Outcome.Finished)
            {
                outcome = Outcome.CancelledByUser;
                monitor.Log("Stopping: cancelled by the user.");
                await stop.CancelAsync();
            }
            else if (state is not null && monitor.StopReason is null)
            {
                await CheckQuotaAsync(run, state.Value.ComputeSeconds, monitor);
            }
        }

        return outcome;
    }

    private async Task CheckQuotaAsync(Run run, double runSeconds, RunMonitor monitor)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var limits = await quotas.LimitsAsync(db, run.OwnerId, CancellationToken.None);
        if (runSeconds >= limits.MaxRunMinutes * 60.0)
        {
            monitor.StopReason = $"the run reached the longest allowed duration ({limits.MaxRunMinutes} minutes)";
        }
        else
        {
            var used = await QuotaService.ComputeMinutesThisMonthAsync(
                db, run.OwnerId, clock.GetUtcNow(), CancellationToken.None);
            if (used >= limits.ComputeMinutesPerMonth)
            {
                monitor.StopReason = $"the monthly compute quota ({limits.ComputeMinutesPerMonth} minutes) is used up";
            }
        }

        if (monitor.StopReason is { } reason)
        {
            monitor.Log($"Stopping at the end of this epoch: {reason}. The best model so far is kept.");
        }
    }

    private async Task CompleteAsync(Run run, string holder, RunMonitor monitor, Task<TrainedRun> training, Outcome outcome)
    {
        var error = training.Exception?.GetBaseException();
        switch (outcome)
        {
            case Outcome.LostLease:
                return; // the new holder writes from here on
            case Outcome.Shutdown:
                await ReleaseAsync(run, holder, monitor);
                return;
            case Outcome.CancelledByUser:
                await FinishAsync(run, holder, monitor, RunStatus.Cancelled, null, null, null, null);
                return;
        }

        if (error is not null)
        {
            var (code, message) = error switch
            {
                TrainingFailedException f => (f.Code, f.Message),
                InvalidSpecificationException i => (i.Problems[0].Code, i.Message),
                OperationCanceledException => ("Run.Stopped", "Training stopped unexpectedly."),
                _ => ("Training.Error", error.Message),
            };
            if (error is not (TrainingFailedException or InvalidSpecificationException))
            {
                logger.LogError(error, "Run {RunId} failed.", run.Id);
            }

            await FinishAsync(run, holder, monitor, RunStatus.Failed, code, message, null, null);
            return;
        }

        var trained = training.Result;
        var relative = ModelRelativePath(run.Id);
        var zip = Path.Combine(store.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
        var pending = zip + ".pending";
        trained.WritePackage(pending, clock.GetUtcNow());
        File.Move(pending, zip, overwrite: true);
        trained.Evaluation.Write(EvaluationPath(store, run.Id));

        var summary = trained.Summary;
        var status = monitor.StopReason is null ? RunStatus.Succeeded : RunStatus.StoppedByQuota;
        monitor.Log(string.Create(CultureInfo.InvariantCulture,
            $"{(status == RunStatus.Succeeded ? "Finished" : "Stopped by quota")}: {summary.HeadlineMetric} {summary.Headline:F3} on the " +
            $"test part (baseline {summary.BaselineHeadline:F3}); model {summary.Model}, best epoch {summary.BestEpoch}."));
        await FinishAsync(run, holder, monitor, status, null, null, JsonSerializer.Serialize(summary, TaskPlans.Json), relative);
    }

    private async Task FinishAsync(
        Run run, string holder, RunMonitor monitor, RunStatus status, string? code, string? message, string? resultJson, string? modelPath)
    {
        if (await lease.FinishAsync(run.Id, holder, monitor, status, code, message, resultJson, modelPath))
        {
            logger.LogInformation("Run {RunId} ended {Status} on {Host}.", run.Id, status, worker.Value.ResolveName());
        }
    }

    /// <summary>The host is shutting down: give the run back to the queue, so it resumes from its checkpoint elsewhere or after
    /// restart.</summary>
    private async Task ReleaseAsync(Run run, string holder, RunMonitor monitor)
    {
        monitor.Log($"{worker.Value.ResolveName()} is shutting down; the run goes back to the queue and resumes from its last checkpoint.");
        if (!await lease.ReleaseAsync(run.Id, holder, monitor))
        {
            return;
        }

        try
        {
            dispatcher.Enqueue(run.Id, run.Queue); // with shared storage another host takes it now; in memory, the restart does
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(
                ex, "Run {RunId} could not be enqueued again while shutting down; the recovery at the next start will.", run.Id);
        }
    }
}
