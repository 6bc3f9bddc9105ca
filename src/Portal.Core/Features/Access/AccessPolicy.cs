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
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => new { r.OwnerId, r.ProjectId }).FirstOrDefaultAsync(
            cancellationToken);
        if (run is null)
        {
            return Rights.None;
        }

        var rights = await OwnerOrProjectRightsAsync(db, userId, run.OwnerId, run.ProjectId, cancellationToken);
        return rights == Rights.All || !await SharesTo(db, userId).AnyAsync(s => s.RunId == runId, cancellationToken) ? rights
            : rights.Union(Rights.ReadOnly);
    }

    public async Task<Rights> ForDatasetAsync(string? userId, Guid datasetId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return Rights.None;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().Where(d => d.Id == datasetId).Select(d => new { d.OwnerId, d.ProjectId })
            .FirstOrDefaultAsync(cancellationToken);
        return dataset is null ? Rights.None : await OwnerOrProjectRightsAsync(
            db, userId, dataset.OwnerId, dataset.ProjectId, cancellationToken);
    }

    public async Task<bool> AllowsRunAsync(
        string? userId, Guid runId, Operation operation, CancellationToken cancellationToken = default) =>
        (await ForRunAsync(userId, runId, cancellationToken)).Allows(operation);

    public async Task<bool> AllowsDatasetAsync(
        string? userId, Guid datasetId, Operation operation, CancellationToken cancellationToken = default) =>
        (await ForDatasetAsync(userId, datasetId, cancellationToken)).Allows(operation);

    /// <summary>The user's role in a project: Owner for its creator, the member's role, or null.</summary>
    public static async Task<ProjectRole?> RoleAsync(PortalDbContext db, string userId, Guid projectId, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => new { p.OwnerId }).FirstOrDefaultAsync(
            cancellationToken);
        if (project is null)
        {
            return null;
        }

        if (project.OwnerId == userId)
        {
            return ProjectRole.Owner;
        }

        var member = await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == projectId && m.UserId == userId).Select(
            m => (ProjectRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        return member;
    }

    /// <summary>Datasets this user may read, for lists: their own and those of the projects they belong to.</summary>
    public static IQueryable<Dataset> ReadableDatasets(PortalDbContext db, string userId)
    {
        var projects = ProjectIdsOf(db, userId, editorsOnly: false);
        return db.Datasets.Where(d => d.OwnerId == userId || (d.ProjectId != null && projects.Contains(d.ProjectId.Value)));
    }

    /// <summary>Datasets this user may train on and edit: their own and those of projects where they are Editor or Owner.</summary>
    public static IQueryable<Dataset> EditableDatasets(PortalDbContext db, string userId)
    {
        var projects = ProjectIdsOf(db, userId, editorsOnly: true);
        return db.Datasets.Where(d => d.OwnerId == userId || (d.ProjectId != null && projects.Contains(d.ProjectId.Value)));
    }

    /// <summary>Runs this user may read, for lists: their own, their projects' runs, and runs shared with them or a project of
    /// theirs.</summary>
    public static IQueryable<Run> ReadableRuns(PortalDbContext db, string userId)
    {
        var projects = ProjectIdsOf(db, userId, editorsOnly: false);
        var shared = SharesTo(db, userId).Select(s => s.RunId);
        return db.Runs.Where(
            r => r.OwnerId == userId || (r.ProjectId != null && projects.Contains(r.ProjectId.Value)) || shared.Contains(r.Id));
    }

    /// <summary>Active shares that reach this user: with them by name, or with a project they created or belong to.</summary>
    public static IQueryable<Share> SharesTo(PortalDbContext db, string userId)
    {
        var projects = ProjectIdsOf(db, userId, editorsOnly: false);
        return db.Shares.Where(s => s.RevokedAt == null
            && ((s.Kind == ShareKind.User && s.UserId == userId) || (
                s.Kind == ShareKind.Project && s.ProjectId != null && projects.Contains(s.ProjectId.Value))));
    }

    /// <summary>The projects this user created or belongs to (with <paramref name="editorsOnly"/>: as Editor or Owner) — the list form of
    /// <see cref="RoleAsync"/>.</summary>
    private static IQueryable<Guid> ProjectIdsOf(PortalDbContext db, string userId, bool editorsOnly) =>
        db.Projects.Where(p => p.OwnerId == userId).Select(p => p.Id)
            .Concat(db.ProjectMembers.Where(m => m.UserId == userId && (!editorsOnly || m.Role != ProjectRole.Viewer)).Select(
                m => m.ProjectId));

    /// <summary>Everything for the owner; otherwise what the user's role in the item's project gives.</summary>
    private static async Task<Rights> OwnerOrProjectRightsAsync(
        PortalDbContext db, string userId, string ownerId, Guid? projectId, CancellationToken cancellationToken) =>
        ownerId == userId ? Rights.All : await ProjectRightsAsync(db, userId, projectId, cancellationToken);

    private static async Task<Rights> ProjectRightsAsync(
        PortalDbContext db, string userId, Guid? projectId, CancellationToken cancellationToken) =>
        projectId is { } id && await RoleAsync(db, userId, id, cancellationToken) is { } role ? Rights.ForRole(role) : Rights.None;
}
