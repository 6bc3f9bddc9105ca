using System.IO.Compression;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Runs;
using Portal.Core.Features.Storage;
using Portal.Jobs.Runs;

namespace Portal.Jobs.Results;

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

    public bool HasModel => Run.ModelPath is not null;
}

/// <summary>Loads a run's results for its owner only; anyone else gets null, exactly as for a run that does not exist.</summary>
public sealed class RunResultService(IDbContextFactory<PortalDbContext> dbFactory, ArtefactStore store)
{
    public Task<RunResultBundle?> LoadAsync(string ownerId, Guid runId, CancellationToken cancellationToken = default) =>
        LoadAsync(runId, ownerId, cancellationToken);

    /// <summary>For a reader whose right was established by a share (see ShareService); never call it without that check.</summary>
    public Task<RunResultBundle?> LoadSharedAsync(Guid runId, CancellationToken cancellationToken = default) =>
        LoadAsync(runId, null, cancellationToken);

    private async Task<RunResultBundle?> LoadAsync(Guid runId, string? ownerId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && (ownerId == null || r.OwnerId == ownerId), cancellationToken);
        if (run is null)
        {
            return null;
        }

        var dataset = await db.Datasets.AsNoTracking().Where(d => d.Id == run.DatasetId).Select(d => new { d.Name, d.ContentHash }).FirstOrDefaultAsync(cancellationToken);
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == run.OwnerId).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
        var project = await db.Projects.AsNoTracking().Where(p => p.Id == run.ProjectId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken);
        return new RunResultBundle(run, dataset?.Name ?? "—", dataset?.ContentHash ?? "—", owner, RunSettings.Of(run), RunQueryService.Result(run),
            RunEvaluation.Read(TrainingJob.EvaluationPath(store, run.Id))) { ProjectName = project };
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
        forecast = bundle.Evaluation?.Forecast is { } f ? new { f.Scores, f.Naive, f.SeasonalNaive, f.Season, f.Horizon, f.NextForecast } : null,
        dataset = new { name = bundle.DatasetName, sha256 = bundle.DatasetHash },
        software = bundle.Evaluation?.Software,
    }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
}
