using System.Globalization;
using Microsoft.Extensions.Logging;
using Portal.Core.Features.Access;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Exports;
using Portal.Core.Features.Jobs;
using Portal.Core.Features.Storage;
using Portal.Training.Data;
using Portal.Training.Packaging;
using Portal.Training.Preprocessing;
using Portal.Training.Specification;

namespace Portal.Runs.Scoring;

/// <summary>A prediction for one row typed into a form: the value or class, probabilities, and what could not be used.</summary>
public sealed record SinglePrediction(
    string Prediction, IReadOnlyDictionary<string, double>? Probabilities, IReadOnlyList<RowIssue> Issues);

/// <summary>The inputs a finished run's model takes, for the single-prediction form: numbers, or categories with their known
/// values.</summary>
public sealed record ModelInput(string Column, string Kind, IReadOnlyList<string> Levels);

/// <summary>
/// Scoring with a finished run's model: one row from a form, or a whole file as a background job. Rows that can be
/// scored are scored; what could not be used is reported per column (missing) and per row (unparseable, unseen).
/// </summary>
public sealed class ScoringService(
    IDbContextFactory<PortalDbContext> dbFactory,
    ArtefactStore store,
    RunResultService results,
    AccessPolicy access,
    IBackgroundWork work,
    AuditLog audit,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<RunOptions> runs,
    ChangeFeed changes,
    ILogger<ScoringService> logger)
{
    public const long MaxFileBytes = 200L * 1024 * 1024;

    public async Task<IReadOnlyList<ModelInput>?> InputsAsync(string ownerId, Guid runId, CancellationToken cancellationToken = default)
    {
        if (await results.LoadAsync(ownerId, runId, cancellationToken, Operation.Download) is not { } bundle || results.ModelFile(
            bundle) is not { } path)
        {
            return null;
        }

        return await Task.Run(() => TaskPlans.For(bundle.Run.Task).Scorer.Inputs(bundle, path), cancellationToken);
    }

    public async Task<SinglePrediction?> PredictAsync(
        string ownerId, Guid runId, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken = default)
    {
        if (await results.LoadAsync(ownerId, runId, cancellationToken, Operation.Download) is not { } bundle || results.ModelFile(
            bundle) is not { } path)
        {
            return null;
        }

        return await Task.Run(() => TaskPlans.For(bundle.Run.Task).Scorer.Predict(bundle, path, values), cancellationToken);
    }

    /// <summary>Stores the file and queues the scoring job; null when the run is not the caller's or has no model. Audited.</summary>
    /// <param name="idColumn">The user's id column, copied beside each prediction (the row number always is).</param>
    public async Task<ScoringTask?> StartAsync(
        string ownerId, Guid runId, string fileName, Stream content, CancellationToken cancellationToken = default, string? idColumn = null)
    {
        var task = await QueueAsync(ownerId, runId, fileName, content, idColumn, cancellationToken);
        await audit.RecordAsync(AuditActions.RunScore, ownerId, runId.ToString(), task is not null,
            task is null ? "no such run with a model of yours" : $"{task.FileName} ({task.Id})", AuditOutcome.Denied, cancellationToken);
        return task;
    }

    private async Task<ScoringTask?> QueueAsync(
        string ownerId, Guid runId, string fileName, Stream content, string? idColumn, CancellationToken cancellationToken)
    {
        if (await results.LoadAsync(ownerId, runId, cancellationToken, Operation.Download) is not { } bundle || results.ModelFile(
            bundle) is null)
        {
            return null;
        }

        var task = new ScoringTask
        {
            Id = Guid.NewGuid(),
            RunId = runId,
            OwnerId = ownerId,
            FileName = FileNames.Clean(fileName),
            IdColumn = string.IsNullOrWhiteSpace(idColumn) ? null : idColumn.Trim(),
            Status = ScoringStatus.Queued,
            CreatedAt = clock.GetUtcNow(),
        };
        var folder = Folder(task.Id);
        Directory.CreateDirectory(folder);
        try
        {
            await using var file = File.Create(Path.Combine(folder, "input"));
            await content.CopyToAsync(file, cancellationToken);
        }
        catch
        {
            Directory.Delete(folder, recursive: true); // a broken or refused upload leaves nothing behind
            throw;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ScoringTasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        work.Score(task.Id);
        changes.Scoring(task.Id, task.RunId, created: true);
        return task;
    }

    public async Task<IReadOnlyList<ScoringTask>> ListAsync(string ownerId, Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tasks = await db.ScoringTasks.AsNoTracking().Where(t => t.RunId == runId && t.OwnerId == ownerId).ToListAsync(
            cancellationToken);
        return tasks.OrderByDescending(t => t.CreatedAt).Take(20).ToList();
    }

    /// <summary>One of the caller's scoring jobs on the run, to follow its progress; null for anyone else's.</summary>
    public async Task<ScoringTask?> FindAsync(string ownerId, Guid runId, Guid taskId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var task = await db.ScoringTasks.AsNoTracking().FirstOrDefaultAsync(
            t => t.Id == taskId && t.RunId == runId && t.OwnerId == ownerId, cancellationToken);
        return task is not null && await access.AllowsRunAsync(ownerId, runId, Operation.Read, cancellationToken) ? task : null;
    }

    public async Task<(ScoringTask Task, string Path)?> OutputAsync(
        string ownerId, Guid taskId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var task = await db.ScoringTasks.AsNoTracking().FirstOrDefaultAsync(
            t => t.Id == taskId && t.OwnerId == ownerId && t.Status == ScoringStatus.Succeeded, cancellationToken);
        if (task is not null && !await access.AllowsRunAsync(ownerId, task.RunId, Operation.Download, cancellationToken))
        {
            return null; // scored while a project member; the right went with the membership
        }

        var path = task is null ? null : Path.Combine(Folder(task.Id), "predictions.csv");
        return task is not null && File.Exists(path) ? (task, path) : null;
    }

    /// <summary>The job: reads the file in its detected encoding, scores in chunks (progress after each), writes a spreadsheet-safe
    /// CSV.</summary>
    public async Task RunAsync(Guid taskId, CancellationToken cancellationToken)
    {
        // Claimed with a lease, as runs are (ADR 0009): a duplicate pick-up finds it held and does nothing; a worker
        // that dies stops renewing, and WorkRecoveryService queues it again or, after three attempts, fails it.
        var now = clock.GetUtcNow();
        var lease = runs.Value.Lease;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claimed = await db.ScoringTasks
            .Where(t => t.Id == taskId && (
                t.Status == ScoringStatus.Queued || (t.Status == ScoringStatus.Running && t.LeaseExpiresAt < now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, ScoringStatus.Running)
                .SetProperty(t => t.Attempts, t => t.Attempts + 1)
                .SetProperty(t => t.LeaseExpiresAt, now + lease), cancellationToken);
        var task = claimed == 0 ? null : await db.ScoringTasks.FirstAsync(t => t.Id == taskId, cancellationToken);
        if (task is null)
        {
            return;
        }

        changes.Scoring(task.Id, task.RunId);
        using var renew = WorkLease.KeepRenewing(lease, () =>
        {
            using var renewal = dbFactory.CreateDbContext();
            renewal.ScoringTasks.Where(t => t.Id == taskId && t.Status == ScoringStatus.Running)
                .ExecuteUpdate(s => s.SetProperty(t => t.LeaseExpiresAt, clock.GetUtcNow() + lease));
        });
        try
        {
            var run = await db.Runs.AsNoTracking().FirstAsync(r => r.Id == task.RunId, cancellationToken);
            var input = Path.Combine(Folder(task.Id), "input");
            await Task.Run(
                () => Score(
                    task, run.Task, Path.Combine(store.Root, run.ModelPath!), input, Path.Combine(Folder(task.Id), "predictions.csv"),
                        share =>
            {
                using var progress = dbFactory.CreateDbContext();
                progress.ScoringTasks.Where(t => t.Id == taskId).ExecuteUpdate(s => s.SetProperty(t => t.Progress, share));
                changes.Scoring(taskId, task.RunId);
            }), cancellationToken);
            task.Status = ScoringStatus.Succeeded;
        }
        catch (Exception ex) when (
            ex is InvalidDataException or IOException or FormatException or InvalidOperationException
                or Sylvan.Data.Csv.CsvFormatException or System.Text.DecoderFallbackException)
        {
            logger.LogWarning(ex, "Scoring task {TaskId} failed.", taskId);
            task.Status = ScoringStatus.Failed;
            task.Error = ex is System.Text.DecoderFallbackException ? "The file contains bytes that are not valid text." : ex.Message;
        }

        task.Progress = 1;
        task.LeaseExpiresAt = null;
        task.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        changes.Scoring(task.Id, task.RunId);
    }

    private static void Score(
        ScoringTask task, RunTask kind, string modelPath, string inputPath, string outputPath, Action<double> progress)
    {
        var sample = new byte[Math.Min(new FileInfo(inputPath).Length, 1 << 20)];
        using (var head = File.OpenRead(inputPath))
        {
            head.ReadExactly(sample);
        }

        var encoding = TextEncodingDetector.Detect(sample)
            ?? throw new InvalidDataException(
                "The file is not clearly text in one encoding (or has bytes that are not text); save it as UTF-8 and score it again.");
        var data = TabularData.ReadCsv(() => new StreamReader(inputPath, encoding.Strict(), detectEncodingFromByteOrderMarks: true));

        if (data.RowCount == 0)
        {
            throw new InvalidDataException("The file has a header row but no data rows.");
        }

        var keys = RowKeys.For(data, task.IdColumn);
        var csv = TaskPlans.For(kind).Scorer.Score(task, modelPath, data, keys, progress);
        File.WriteAllBytes(outputPath, csv.ToBytes());
        task.Rows = data.RowCount;
    }

    private string Folder(Guid taskId) => Path.Combine(store.Root, "scoring", taskId.ToString("N"));
}
