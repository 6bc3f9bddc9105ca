using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Projects;
using Portal.Core.Features.Runs;
using Portal.Core.Features.Sharing;

namespace Portal.Core.Features.Access;

/// <summary>
/// The one place that decides who may do what with a dataset or a run (see docs/decisions/0011). Rights come from:
/// owning it (all); the role in the project it belongs to — the project's creator and members with the Owner role
/// (all), Editors (read, edit, download), Viewers (read); an active share with the user or with a project they are
/// in (read). Administrators get nothing here: they see run metadata on the operations page, never the content.
/// Every service, page, download and API endpoint that takes an id asks this policy (through the ASP.NET
/// authorization handler in the web app, or directly in services); no answer other than <see cref="Rights.None"/>
/// ever reveals that an id exists.
/// </summary>
public sealed class AccessPolicy(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<Rights> ForRunAsync(string? userId, Guid runId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return Rights.None;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => new { r.OwnerId, r.ProjectId }).FirstOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return Rights.None;
        }

        if (run.OwnerId == userId)
        {
            return Rights.All;
        }

        var rights = await ProjectRightsAsync(db, userId, run.ProjectId, cancellationToken);
        var shared = await SharesTo(db, userId).AnyAsync(s => s.RunId == runId, cancellationToken);
        return shared ? rights.Union(Rights.ReadOnly) : rights;
    }

    public async Task<Rights> ForDatasetAsync(string? userId, Guid datasetId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return Rights.None;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().Where(d => d.Id == datasetId).Select(d => new { d.OwnerId, d.ProjectId }).FirstOrDefaultAsync(cancellationToken);
        if (dataset is null)
        {
            return Rights.None;
        }

        return dataset.OwnerId == userId ? Rights.All : await ProjectRightsAsync(db, userId, dataset.ProjectId, cancellationToken);
    }

    public async Task<bool> AllowsRunAsync(string? userId, Guid runId, Operation operation, CancellationToken cancellationToken = default) =>
        (await ForRunAsync(userId, runId, cancellationToken)).Allows(operation);

    public async Task<bool> AllowsDatasetAsync(string? userId, Guid datasetId, Operation operation, CancellationToken cancellationToken = default) =>
        (await ForDatasetAsync(userId, datasetId, cancellationToken)).Allows(operation);

    /// <summary>The user's role in a project: Owner for its creator, the member's role, or null.</summary>
    public static async Task<ProjectRole?> RoleAsync(PortalDbContext db, string userId, Guid projectId, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => new { p.OwnerId }).FirstOrDefaultAsync(cancellationToken);
        if (project is null)
        {
            return null;
        }

        if (project.OwnerId == userId)
        {
            return ProjectRole.Owner;
        }

        var member = await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == projectId && m.UserId == userId).Select(m => (ProjectRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        return member;
    }

    /// <summary>Datasets this user may read, for lists: their own and those of the projects they belong to.</summary>
    public static IQueryable<Dataset> ReadableDatasets(PortalDbContext db, string userId) =>
        db.Datasets.Where(d => d.OwnerId == userId
            || (d.ProjectId != null && (db.ProjectMembers.Any(m => m.ProjectId == d.ProjectId && m.UserId == userId)
                                        || db.Projects.Any(p => p.Id == d.ProjectId && p.OwnerId == userId))));

    /// <summary>Datasets this user may train on and edit: their own and those of projects where they are Editor or Owner.</summary>
    public static IQueryable<Dataset> EditableDatasets(PortalDbContext db, string userId) =>
        db.Datasets.Where(d => d.OwnerId == userId
            || (d.ProjectId != null && (db.ProjectMembers.Any(m => m.ProjectId == d.ProjectId && m.UserId == userId && m.Role != ProjectRole.Viewer)
                                        || db.Projects.Any(p => p.Id == d.ProjectId && p.OwnerId == userId))));

    /// <summary>Runs this user may read, for lists: their own, their projects' runs, and runs shared with them or a project of theirs.</summary>
    public static IQueryable<Run> ReadableRuns(PortalDbContext db, string userId) =>
        db.Runs.Where(r => r.OwnerId == userId
            || (r.ProjectId != null && (db.ProjectMembers.Any(m => m.ProjectId == r.ProjectId && m.UserId == userId)
                                        || db.Projects.Any(p => p.Id == r.ProjectId && p.OwnerId == userId)))
            || SharesTo(db, userId).Any(s => s.RunId == r.Id));

    /// <summary>Active shares that reach this user: with them by name, or with a project they created or belong to.</summary>
    public static IQueryable<Share> SharesTo(PortalDbContext db, string userId) =>
        db.Shares.Where(s => s.RevokedAt == null
            && ((s.Kind == ShareKind.User && s.UserId == userId)
                || (s.Kind == ShareKind.Project && (db.ProjectMembers.Any(m => m.ProjectId == s.ProjectId && m.UserId == userId)
                                                    || db.Projects.Any(p => p.Id == s.ProjectId && p.OwnerId == userId)))));

    private static async Task<Rights> ProjectRightsAsync(PortalDbContext db, string userId, Guid? projectId, CancellationToken cancellationToken) =>
        projectId is { } id && await RoleAsync(db, userId, id, cancellationToken) is { } role ? Rights.ForRole(role) : Rights.None;
}
