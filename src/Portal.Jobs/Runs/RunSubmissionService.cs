using System.Data;
using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Access;
using Portal.Core.Features.Administration;
using Portal.Core.Features.Runs;
using Portal.Training.Specification;

namespace Portal.Jobs.Runs;

/// <summary>
/// Creates runs (checking the settings, the caller's right to the dataset and the quotas in one serializable
/// transaction, so parallel submits cannot exceed a limit), cancels them, and clones them.
/// </summary>
public sealed class RunSubmissionService(
    IDbContextFactory<PortalDbContext> dbFactory,
    RunDispatcher dispatcher,
    QuotaService quotas,
    Portal.Core.Features.Projects.ProjectService projects,
    AccessPolicy access,
    TimeProvider clock,
    ILogger<RunSubmissionService> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public async Task<RunProposal?> ProposeAsync(string ownerId, Guid datasetId, string? target = null, TrainingTask? task = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await AccessPolicy.EditableDatasets(db, ownerId).AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        return dataset is null ? null : RunPlanner.Propose(dataset, target, task);
    }

    /// <summary>The proposed request for a text, entity or forecasting run on this dataset; null when the dataset is not the caller's or cannot train that task.</summary>
    public async Task<RunRequest?> ProposeTaskAsync(string ownerId, Guid datasetId, RunTask task, string? target = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await AccessPolicy.EditableDatasets(db, ownerId).AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        if (dataset is null || !TaskPlanner.TasksFor(dataset).Contains(task))
        {
            return null;
        }

        return task switch
        {
            RunTask.TextClassification => new RunRequest { DatasetId = datasetId, Text = TaskPlanner.ProposeText(dataset) },
            RunTask.EntityRecognition => new RunRequest { DatasetId = datasetId, Entities = TaskPlanner.ProposeEntities() },
            RunTask.Forecasting when TaskPlanner.ProposeForecast(dataset, target) is { } forecast => new RunRequest { DatasetId = datasetId, Forecast = forecast },
            _ => null,
        };
    }

    /// <summary>The problems a submit would report for these settings, for inline validation before the user submits.</summary>
    public async Task<IReadOnlyList<RunProblem>?> CheckAsync(string ownerId, RunRequest request, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await AccessPolicy.EditableDatasets(db, ownerId).AsNoTracking().FirstOrDefaultAsync(d => d.Id == request.DatasetId, cancellationToken);
        return dataset is null ? null : RunPlanner.Validate(dataset, request);
    }

    public async Task<SubmitResult> SubmitAsync(string ownerId, RunRequest request, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var dataset = await AccessPolicy.EditableDatasets(db, ownerId).AsNoTracking().FirstOrDefaultAsync(d => d.Id == request.DatasetId, cancellationToken);
            if (dataset is null)
            {
                return new SubmitResult(SubmitOutcome.DatasetNotFound, null, [new RunProblem("DatasetId", "Dataset.NotFound", "No such dataset.")]);
            }

            var problems = RunPlanner.Validate(dataset, request);
            if (problems.Count > 0)
            {
                return new SubmitResult(SubmitOutcome.Invalid, null, problems);
            }

            request = request with { Name = string.IsNullOrWhiteSpace(request.Name) ? $"{dataset.Name} · {request.Subject}" : request.Name.Trim() };
        }

        var project = request.ProjectId is { } projectId ? await projects.FindAsync(ownerId, projectId, cancellationToken) : await projects.PersonalAsync(ownerId, cancellationToken);
        if (project is null)
        {
            return new SubmitResult(SubmitOutcome.ProjectNotFound, null, [new RunProblem("ProjectId", "Project.NotFound", "No such project of yours.")]);
        }

        var queue = await dispatcher.ChooseQueueAsync(request.Device, cancellationToken);
        var run = new Run
        {
            Id = Guid.NewGuid(),
            OwnerId = ownerId,
            Name = request.Name![..Math.Min(200, request.Name!.Length)],
            DatasetId = request.DatasetId,
            ProjectId = project.Id,
            Task = request.Task,
            SpecificationJson = request.SpecificationJson(Json),
            DevicePreference = request.Device,
            Queue = queue,
            Status = RunStatus.Queued,
            CreatedAt = clock.GetUtcNow(),
            Epochs = request.Epochs,
            SourceRunId = request.SourceRunId,
        };

        var quotaProblem = await ReserveAsync(run, cancellationToken);
        if (quotaProblem is not null)
        {
            return new SubmitResult(SubmitOutcome.OverQuota, null, [quotaProblem]);
        }

        dispatcher.Enqueue(run.Id, queue);
        logger.LogInformation("Run {RunId} queued on {Queue} for {OwnerId}.", run.Id, queue, ownerId);
        return new SubmitResult(SubmitOutcome.Submitted, run, []);
    }

    /// <summary>Counts the user's active runs and this month's minutes and inserts the run in one serializable transaction.</summary>
    private async Task<RunProblem?> ReserveAsync(Run run, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
                var limits = await quotas.LimitsAsync(db, run.OwnerId, cancellationToken);
                var active = await db.Runs.CountAsync(r => r.OwnerId == run.OwnerId && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running), cancellationToken);
                if (active >= limits.MaxActiveRuns)
                {
                    return new RunProblem("Quota", "Quota.ActiveRuns", $"You already have {active} runs queued or running, the most allowed at once ({limits.MaxActiveRuns}). Wait for one to finish or cancel one.", active, limits.MaxActiveRuns);
                }

                var usedMinutes = await QuotaService.ComputeMinutesThisMonthAsync(db, run.OwnerId, clock.GetUtcNow(), cancellationToken);
                if (usedMinutes >= limits.ComputeMinutesPerMonth)
                {
                    return new RunProblem("Quota", "Quota.ComputeMinutes", $"You have used your {limits.ComputeMinutesPerMonth} compute minutes for this month.", limits.ComputeMinutesPerMonth);
                }

                db.Runs.Add(run);
                db.RunLogLines.Add(new RunLogLine { RunId = run.Id, At = run.CreatedAt, Message = $"Queued on the {run.Queue} queue." });
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return null;
            }
            catch (Exception ex) when (attempt < 10 && IsSerializationConflict(ex))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt + Random.Shared.Next(30)), cancellationToken); // another submit won; count again
            }
        }
    }

    /// <summary>PostgreSQL (40001), SQL Server (1205 deadlock) and SQLite (busy) report a lost race in a serializable transaction.</summary>
    internal static bool IsSerializationConflict(Exception ex)
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            if (e is DbException db && (db.SqlState is "40001" or "40P01" || db.ErrorCode == 1205 || db.Message.Contains("database is locked", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Asks a run to stop. A queued run is cancelled at once; a running one by its host within seconds (through the database).</summary>
    /// <param name="ownerId">The caller; null for an administrator cancelling anyone's run.</param>
    public async Task<bool> CancelAsync(string? ownerId, Guid runId, CancellationToken cancellationToken = default)
    {
        if (ownerId is not null && !await access.AllowsRunAsync(ownerId, runId, Operation.Edit, cancellationToken))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var queued = await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Cancelled).SetProperty(r => r.FinishedAt, now).SetProperty(r => r.CancelRequested, true), cancellationToken);
        if (queued == 1)
        {
            db.RunLogLines.Add(new RunLogLine { RunId = runId, At = now, Message = "Cancelled before it started." });
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }

        var running = await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), cancellationToken);
        if (running == 1)
        {
            db.RunLogLines.Add(new RunLogLine { RunId = runId, At = now, Message = "Cancel requested." });
            await db.SaveChangesAsync(cancellationToken);
        }

        return running == 1;
    }

    /// <summary>The request that would train the same thing again (Retry submits it; Clone opens it in the new-run flow).</summary>
    /// <remarks>Needs the Edit right on the run (owner, project Owner or Editor); the new run is the caller's, on their quota.</remarks>
    public async Task<RunRequest?> CloneAsync(string ownerId, Guid runId, CancellationToken cancellationToken = default)
    {
        if (!await access.AllowsRunAsync(ownerId, runId, Operation.Edit, cancellationToken))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        return run is null ? null : RunRequest.ForRun(run, Json);
    }
}
