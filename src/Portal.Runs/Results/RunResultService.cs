using System.IO.Compression;
using System.Text.Json;
using Portal.Core.Features.Access;
using Portal.Core.Features.Sharing;
using Portal.Core.Features.Storage;
namespace Portal.Runs.Results;

/// <summary>Everything a result page, report or export shows about one run.</summary>
public sealed record RunResultBundle(
    Run Run,
    string DatasetName,
    string DatasetHash,
    string? OwnerName,
    RunSettings Settings,
    RunResultSummary? Summary,
    RunEvaluation? Evaluation)
{
    /// <summary>The project the run belongs to, by name.</summary>
    public string? ProjectName { get; init; }

    /// <summary>What the caller may do with it (read-only for shares and links).</summary>
    public Rights Rights { get; init; } = Rights.ReadOnly;

    public bool HasModel => Run.ModelPath is not null;
}

/// <summary>
/// Loads a run's results for a caller the access policy lets do <paramref name="operation"/> with it; anyone else gets
/// null, exactly as for a run that does not exist. The bundle carries the caller's rights, so pages show only what
/// those rights allow.
/// </summary>
public sealed class RunResultService(IDbContextFactory<PortalDbContext> dbFactory, ArtefactStore store, AccessPolicy access)
{
    public async Task<RunResultBundle?> LoadAsync(
        string userId, Guid runId, CancellationToken cancellationToken = default, Operation operation = Operation.Read)
    {
        var rights = await access.ForRunAsync(userId, runId, cancellationToken);
        return rights.Allows(operation) ? await LoadAsync(runId, rights, cancellationToken) : null;
    }

    /// <summary>For the holder of a valid link: the grant is the checked link itself (ShareService.OpenLinkAsync), read-only.</summary>
    public async Task<RunResultBundle?> LoadForLinkAsync(LinkAccess link, CancellationToken cancellationToken = default) =>
        link.RunId is { } runId ? await LoadAsync(runId, Rights.ReadOnly, cancellationToken) : null;

    private async Task<RunResultBundle?> LoadAsync(Guid runId, Rights rights, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            return null;
        }

        var dataset = await db.Datasets.AsNoTracking().Where(d => d.Id == run.DatasetId).Select(d => new { d.Name, d.ContentHash })
            .FirstOrDefaultAsync(cancellationToken);
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == run.OwnerId).Select(u => u.UserName).FirstOrDefaultAsync(
            cancellationToken);
        var project = await db.Projects.AsNoTracking().Where(p => p.Id == run.ProjectId).Select(p => p.Name).FirstOrDefaultAsync(
            cancellationToken);
        return new RunResultBundle(
            run, dataset?.Name ?? "—", dataset?.ContentHash ?? "—", owner, RunSettings.Of(run), RunQueryService.Result(run),
            RunEvaluation.Read(RunExecution.EvaluationPath(store, run.Id))) { ProjectName = project, Rights = rights };
    }

    public string? ModelFile(RunResultBundle bundle) =>
        bundle.Run.ModelPath is { } relative && File.Exists(Path.Combine(store.Root, relative)) ? Path.Combine(store.Root, relative) : null;

    /// <summary>The model card the training engine wrote into the package.</summary>
    public string? ModelCardMarkdown(RunResultBundle bundle)
    {
        if (ModelFile(bundle) is not { } path)
        {
            return null;
        }

        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("model-card.md")!.Open());
        return reader.ReadToEnd();
    }

    public static string MetricsJson(RunResultBundle bundle) => JsonSerializer.Serialize(new
    {
        run = bundle.Run.Id,
        bundle.Run.Name,
        task = bundle.Run.Task.ToString(),
        target = bundle.Settings.Subject,
        summary = bundle.Summary,
        bundle.Evaluation?.Regression,
        bundle.Evaluation?.RegressionBaseline,
        bundle.Evaluation?.Classification,
        bundle.Evaluation?.ClassificationBaseline,
        bundle.Evaluation?.FeatureImportance,
        bundle.Evaluation?.Slices,
        bundle.Evaluation?.History,
        entities = bundle.Evaluation?.Entities is { } e ? new { e.Scores, e.Baseline, e.TokenAccuracy } : null,
        forecast = bundle.Evaluation?.Forecast is { } f ? new
        {
            f.Scores, f.Naive, f.SeasonalNaive, f.Season, frequency = f.Frequency?.ToString(), f.Horizon, f.Choice, f.Candidates,
            f.NextForecast, f.NextTimes,
            f.NextIntervals, f.WorseThanBaseline,
        } : null,
        dataset = new { name = bundle.DatasetName, sha256 = bundle.DatasetHash },
        software = bundle.Evaluation?.Software,
    }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
}
