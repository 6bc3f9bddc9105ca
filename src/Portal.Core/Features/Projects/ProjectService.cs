using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Projects;

public sealed record ProjectSummary(Project Project, int Runs);

/// <summary>A user's projects: the personal one first (made on first need), then the ones they created.</summary>
public sealed class ProjectService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const string PersonalName = "Personal";

    public async Task<Project> PersonalAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var personal = await db.Projects.Where(p => p.OwnerId == userId && p.IsPersonal).ToListAsync(cancellationToken);
        if (personal.Count > 0)
        {
            return personal.OrderBy(p => p.CreatedAt).First(); // two first requests at once may both create one; the older counts
        }

        var project = new Project { Id = Guid.NewGuid(), OwnerId = userId, Name = PersonalName, IsPersonal = true, CreatedAt = clock.GetUtcNow() };
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        return project;
    }

    public async Task<IReadOnlyList<ProjectSummary>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        var personal = await PersonalAsync(userId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var projects = await db.Projects.AsNoTracking().Where(p => p.OwnerId == userId && (!p.IsPersonal || p.Id == personal.Id)).ToListAsync(cancellationToken);
        var counts = await db.Runs.Where(r => r.OwnerId == userId && r.ProjectId != null).GroupBy(r => r.ProjectId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key!.Value, g => g.Count, cancellationToken);
        return projects.OrderByDescending(p => p.IsPersonal).ThenBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(p => new ProjectSummary(p, counts.GetValueOrDefault(p.Id))).ToList();
    }

    /// <returns>The project, or a problem code (Project.NameInvalid, Project.NameTaken).</returns>
    public async Task<(Project? Project, string? Problem)> CreateAsync(string userId, string name, string? description, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        if (name.Length is 0 or > 200)
        {
            return (null, "Project.NameInvalid");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lower = name.ToLowerInvariant();
        if (await db.Projects.AnyAsync(p => p.OwnerId == userId && p.Name.ToLower() == lower, cancellationToken))
        {
            return (null, "Project.NameTaken");
        }

        var project = new Project { Id = Guid.NewGuid(), OwnerId = userId, Name = name, Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(), CreatedAt = clock.GetUtcNow() };
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        return (project, null);
    }

    /// <summary>The project if this user may put runs in it (today: they own it).</summary>
    public async Task<Project?> FindAsync(string userId, Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && p.OwnerId == userId, cancellationToken);
    }
}
