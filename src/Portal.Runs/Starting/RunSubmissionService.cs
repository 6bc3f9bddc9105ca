using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Portal.Core.Features.Access;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Projects;

namespace Portal.Runs.Starting;

/// <summary>
/// The one way a run starts — new-run page, clone, retry and API alike: propose what is missing, check the settings
/// against the stored profile, the caller's right to the dataset and project, the quotas and the insert in one
/// serializable transaction (so parallel submits cannot exceed a limit), enqueue the id, and audit the outcome.
/// </summary>
public sealed class RunSubmissionService(
    IDbContextFactory<PortalDbContext> dbFactory,
    RunDispatcher dispatcher,
    RunQuota quota,
    ProjectService projects,
    AccessPolicy access,
    AuditLog audit,
    TimeProvider clock,
    ChangeFeed changes,
    ILogger<RunSubmissionService> logger)
{
    /// <summary>The table proposal with the columns the new-run page offers; null when the dataset is not the caller's to train
    /// on.</summary>
    public async Task<RunProposal?> ProposeAsync(
        string ownerId, Guid datasetId, string? target = null, TrainingTask? task = null, CancellationToken cancellationToken = default) =>
        await EditableAsync(ownerId, datasetId, cancellationToken) is { } dataset ? TablePlan.Propose(dataset, target, task) : null;

    /// <summary>The proposed request for any task on this dataset; null when the dataset is not the caller's or cannot train it.</summary>
    public async Task<RunRequest?> ProposeTaskAsync(
        string ownerId, Guid datasetId, RunTask task, string? target = null, CancellationToken cancellationToken = default) =>
        await EditableAsync(ownerId, datasetId, cancellationToken) is { } dataset && RunPlanner.Propose(dataset, task, target) is { } spec
            ? new RunRequest { DatasetId = datasetId, Specification = spec }
            : null;

    /// <summary>The problems a submit would report for these settings, for inline validation before the user submits.</summary>
    public async Task<IReadOnlyList<RunProblem>?> CheckAsync(
        string ownerId, RunRequest request, CancellationToken cancellationToken = default) =>
        await EditableAsync(ownerId, request.DatasetId, cancellationToken) is { } dataset ? RunPlanner.Validate(
            dataset, request.Specification) : null;

    /// <summary>Starts a run from complete settings (the new-run page, a clone).</summary>
    public async Task<SubmitResult> SubmitAsync(string ownerId, RunRequest request, CancellationToken cancellationToken = default)
    {
        var dataset = await EditableAsync(ownerId, request.DatasetId, cancellationToken);
        var result = dataset is null ? DatasetMissing() : await StartAsync(ownerId, dataset, request, cancellationToken);
        return await AuditedAsync(ownerId, request.DatasetId, result, cancellationToken);
    }

    /// <summary>Starts a run from settings sent by name (the API): the proposal for the task, with each named setting applied.</summary>
    public async Task<SubmitResult> SubmitAsync(string ownerId, RunDraft draft, CancellationToken cancellationToken = default)
    {
        var result = await StartDraftAsync(ownerId, draft, cancellationToken);
        return await AuditedAsync(ownerId, draft.DatasetId, result, cancellationToken);
    }

    /// <summary>
    /// Trains what a run trained again, as the caller's new run (Edit right on the original needed); with
    /// <paramref name="balanceClasses"/>, with class weights that balance the labels (the result page's fix for a model that
    /// only learned the majority class).
    /// </summary>
    public async Task<SubmitResult> RetryAsync(
        string ownerId, Guid runId, bool balanceClasses = false, CancellationToken cancellationToken = default)
    {
        var request = await CloneAsync(ownerId, runId, cancellationToken);
        if (request is not null && balanceClasses)
        {
            var spec = request.Specification;
            request = request with { Specification = spec with { Hyperparameters = spec.Hyperparameters with { BalanceClasses = true } } };
        }

        if (request is null)
        {
            var missing = new SubmitResult(SubmitOutcome.DatasetNotFound, null, [new RunProblem("RunId", "Run.NotFound", "No such run.")]);
            return await AuditedAsync(ownerId, runId, missing, cancellationToken);
        }

        return await SubmitAsync(ownerId, request, cancellationToken);
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
        return run is null ? null : RunRequest.ForRun(run);
    }

    /// <summary>Asks a run to stop: a queued run is cancelled at once, a running one by its host within seconds.</summary>
    /// <returns>False when the caller may not edit the run, or it has already ended.</returns>
    public async Task<bool> CancelAsync(string ownerId, Guid runId, CancellationToken cancellationToken = default)
    {
        var allowed = await access.AllowsRunAsync(ownerId, runId, Operation.Edit, cancellationToken);
        var cancelled = allowed && await RequestCancelAsync(runId, cancellationToken);
        await AuditCancelAsync(AuditActions.RunCancel, ownerId, runId, cancelled, null, cancellationToken);
        return cancelled;
    }

    /// <summary>An administrator stops anyone's run (the operations page); refused for anyone else.</summary>
    public async Task<bool> CancelAsAdministratorAsync(string administratorId, Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var isAdministrator = await db.UserRoles
            .AnyAsync(
                ur => ur.UserId == administratorId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Administrator),
                    cancellationToken);
        var name = await db.Runs.Where(r => r.Id == runId).Select(r => r.Name).FirstOrDefaultAsync(cancellationToken);
        var cancelled = isAdministrator && await RequestCancelAsync(runId, cancellationToken);
        await AuditCancelAsync(AuditActions.RunCancelByAdmin, administratorId, runId, cancelled, name, cancellationToken);
        return cancelled;
    }

    private async Task<bool> RequestCancelAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var queued = await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Cancelled)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.CancelRequested, true), cancellationToken);
        if (queued == 1)
        {
            db.RunLogLines.Add(new RunLogLine { RunId = runId, At = now, Message = "Cancelled before it started." });
            await db.SaveChangesAsync(cancellationToken);
            changes.Run(runId);
            return true;
        }

        var running = await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), cancellationToken);
        if (running == 1)
        {
            db.RunLogLines.Add(new RunLogLine { RunId = runId, At = now, Message = "Cancel requested." });
            await db.SaveChangesAsync(cancellationToken);
            changes.Run(runId);
        }

        return running == 1;
    }

    private Task AuditCancelAsync(
        string action, string actorId, Guid runId, bool cancelled, string? detail, CancellationToken cancellationToken) =>
        audit.AppendAsync(
            new AuditEvent(action, runId.ToString(), cancelled ? AuditOutcome.Success : AuditOutcome.Failure, actorId, null, null, detail),
            cancellationToken);

    private async Task<SubmitResult> StartDraftAsync(string ownerId, RunDraft draft, CancellationToken cancellationToken)
    {
        if (await EditableAsync(ownerId, draft.DatasetId, cancellationToken) is not { } dataset)
        {
            return DatasetMissing();
        }

        if (RunPlanner.Propose(dataset, draft.Task, draft.Target) is not { } proposed)
        {
            var task = draft.Task?.ToString() ?? "any task";
            return new SubmitResult(SubmitOutcome.DatasetNotFound, null,
                [new RunProblem("Task", "Task.NotForDataset", $"This dataset cannot train {task}.", task)]);
        }

        // The target chose the proposal; it is also checked as a setting, so a task without one refuses it.
        var settings = draft.Target is null
            ? draft.Settings
            : new Dictionary<string, JsonNode?>(draft.Settings, StringComparer.OrdinalIgnoreCase) { ["target"] = draft.Target };
        var (spec, problems) = SettingsByName.Apply(proposed, settings);
        if (problems.Count > 0)
        {
            return new SubmitResult(SubmitOutcome.Invalid, null, problems);
        }

        var request = new RunRequest
        {
            DatasetId = dataset.Id,
            Name = draft.Name,
            Specification = spec!,
            Device = draft.Device,
            ProjectId = draft.ProjectId,
        };
        return await StartAsync(ownerId, dataset, request, cancellationToken);
    }

    private async Task<SubmitResult> StartAsync(string ownerId, Dataset dataset, RunRequest request, CancellationToken cancellationToken)
    {
        var problems = RunPlanner.Validate(dataset, request.Specification);
        if (problems.Count > 0)
        {
            return new SubmitResult(SubmitOutcome.Invalid, null, problems);
        }

        var project = request.ProjectId is { } projectId
            ? await projects.FindAsync(ownerId, projectId, cancellationToken)
            : await projects.PersonalAsync(ownerId, cancellationToken);
        if (project is null)
        {
            return new SubmitResult(
                SubmitOutcome.ProjectNotFound, null, [new RunProblem("ProjectId", "Project.NotFound", "No such project of yours.")]);
        }

        var name = string.IsNullOrWhiteSpace(request.Name)
            ? await DefaultNameAsync(ownerId, $"{dataset.Name} · {request.Specification.Subject}", cancellationToken)
            : request.Name.Trim();
        var queue = await dispatcher.ChooseQueueAsync(request.Device, cancellationToken);
        var run = new Run
        {
            Id = Guid.NewGuid(),
            OwnerId = ownerId,
            Name = name[..Math.Min(200, name.Length)],
            DatasetId = dataset.Id,
            ProjectId = project.Id,
            Task = request.Task,
            SpecificationJson = TaskPlans.Write(request.Specification),
            DevicePreference = request.Device,
            Queue = queue,
            Status = RunStatus.Queued,
            CreatedAt = clock.GetUtcNow(),
            Epochs = request.Specification.Hyperparameters.Epochs,
            SourceRunId = request.SourceRunId,
        };

        if (await quota.ReserveAsync(run, cancellationToken) is { } quotaProblem)
        {
            return new SubmitResult(SubmitOutcome.OverQuota, null, [quotaProblem]);
        }

        dispatcher.Enqueue(run.Id, queue);
        changes.Run(run.Id, created: true);
        logger.LogInformation("Run {RunId} queued on {Queue} for {OwnerId}.", run.Id, queue, ownerId);
        return new SubmitResult(SubmitOutcome.Submitted, run, []);
    }

    /// <summary>
    /// "dataset · subject" for the first run of it, then "… #2", "… #3": two runs of one dataset are told apart on the runs
    /// list and the compare page without the user naming them. <paramref name="taken"/> holds the owner's run names that
    /// begin with the stem (<see cref="NamesStartingAsync"/>), so the new-run page shows the very name the run will get.
    /// </summary>
    public static string DefaultName(string stem, IReadOnlySet<string> taken)
    {
        stem = Stem(stem);
        if (!taken.Contains(stem))
        {
            return stem;
        }

        var number = 2;
        while (taken.Contains($"{stem} #{number}"))
        {
            number++;
        }

        return $"{stem} #{number}";
    }

    /// <summary>The owner's run names that begin with this stem (for <see cref="DefaultName"/>).</summary>
    public async Task<IReadOnlySet<string>> NamesStartingAsync(string ownerId, string stem, CancellationToken cancellationToken = default)
    {
        stem = Stem(stem);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await db.Runs.Where(r => r.OwnerId == ownerId && r.Name.StartsWith(stem)).Select(r => r.Name).ToListAsync(
            cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    private static string Stem(string stem) => stem[..Math.Min(190, stem.Length)];

    private async Task<string> DefaultNameAsync(string ownerId, string stem, CancellationToken cancellationToken) =>
        DefaultName(stem, await NamesStartingAsync(ownerId, stem, cancellationToken));

    private async Task<SubmitResult> AuditedAsync(string ownerId, Guid subject, SubmitResult result, CancellationToken cancellationToken)
    {
        var outcome = result.Succeeded ? AuditOutcome.Success : AuditOutcome.Failure;
        var target = result.Run?.Id.ToString() ?? subject.ToString();
        await audit.AppendAsync(
            new AuditEvent(AuditActions.RunSubmit, target, outcome, ownerId, null, null, result.Problems.FirstOrDefault()?.Code),
            cancellationToken);
        return result;
    }

    private static SubmitResult DatasetMissing() =>
        new(SubmitOutcome.DatasetNotFound, null, [new RunProblem("DatasetId", "Dataset.NotFound", "No such dataset.")]);

    /// <summary>The dataset if the caller may train on it; someone else's is as absent as a missing one.</summary>
    private async Task<Dataset?> EditableAsync(string ownerId, Guid datasetId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AccessPolicy.EditableDatasets(db, ownerId).AsNoTracking().FirstOrDefaultAsync(
            d => d.Id == datasetId, cancellationToken);
    }
}
