using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;

namespace Portal.Core.Features.Projects;

public sealed record ProjectSummary(Project Project, int Runs);

public sealed record MemberView(string UserId, string Email, ProjectRole Role);

/// <summary>A project someone else created that this user belongs to, with their role in it.</summary>
public sealed record Membership(Project Project, string OwnerEmail, ProjectRole Role);

/// <summary>A project run as a member sees it under "Shared with me".</summary>
public sealed record ProjectRunView(Guid RunId, string RunName, string ProjectName, string OwnerEmail, DateTimeOffset CreatedAt);

/// <summary>A user's projects: the personal one first (made on first need), then the ones they created.</summary>
/// <remarks>Creating projects and changing members is audited here, whichever page or endpoint asked.</remarks>
public sealed class ProjectService(IDbContextFactory<PortalDbContext> dbFactory, AuditLog audit, TimeProvider clock)
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

        var project = new Project { Id = Guid.NewGuid(), OwnerId = userId, Name = PersonalName, IsPersonal = true,
            CreatedAt = clock.GetUtcNow() };
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        return project;
    }

    public async Task<IReadOnlyList<ProjectSummary>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        var personal = await PersonalAsync(userId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var projects = await db.Projects.AsNoTracking().Where(p => p.OwnerId == userId && (!p.IsPersonal || p.Id == personal.Id))
            .ToListAsync(cancellationToken);
        var ids = projects.Select(p => p.Id).ToList();
        var counts = await db.Runs.Where(r => r.ProjectId != null && ids.Contains(r.ProjectId.Value)).GroupBy(r => r.ProjectId).Select(
            g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key!.Value, g => g.Count, cancellationToken);
        return projects.OrderByDescending(p => p.IsPersonal).ThenBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(p => new ProjectSummary(p, counts.GetValueOrDefault(p.Id))).ToList();
    }

    /// <returns>The project, or a problem code (Project.NameInvalid, Project.NameTaken).</returns>
    public async Task<(Project? Project, string? Problem)> CreateAsync(
        string userId, string name, string? description, CancellationToken cancellationToken = default)
    {
        var (project, problem) = await CreateProjectAsync(userId, name, description, cancellationToken);
        await audit.RecordAsync(
            AuditActions.ProjectCreate, userId, project?.Id.ToString() ?? name, project is not null, problem ?? project!.Name,
            cancellationToken: cancellationToken);
        return (project, problem);
    }

    private async Task<(Project? Project, string? Problem)> CreateProjectAsync(
        string userId, string name, string? description, CancellationToken cancellationToken)
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

        var project = new Project { Id = Guid.NewGuid(), OwnerId = userId, Name = name, Description = string.IsNullOrWhiteSpace(description)
            ? null : description.Trim(), CreatedAt = clock.GetUtcNow() };
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        return (project, null);
    }

    /// <returns>null when added; otherwise a problem code. The creator and members with the Owner role manage members; personal projects
    /// have none.</returns>
    public async Task<string?> AddMemberAsync(
        string ownerId, Guid projectId, string email, ProjectRole role, CancellationToken cancellationToken = default)
    {
        var problem = await AddAsync(ownerId, projectId, email, role, cancellationToken);
        await audit.RecordAsync(AuditActions.ProjectMemberAdd, ownerId, projectId.ToString(), problem is null,
            $"{email} as {role}{(problem is null ? "" : ": " + problem)}", cancellationToken: cancellationToken);
        return problem;
    }

    private async Task<string?> AddAsync(
        string ownerId, Guid projectId, string email, ProjectRole role, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var project = await ManagedAsync(db, ownerId, projectId, cancellationToken);
        if (project is null)
        {
            return "Project.NotFound";
        }

        if (project.IsPersonal)
        {
            return "Project.Personal";
        }

        var normalized = email.Trim().ToUpperInvariant();
        var userId = await db.Users.Where(u => u.NormalizedEmail == normalized && u.DisabledAt == null).Select(u => u.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (userId is null)
        {
            return "Project.NoSuchUser";
        }

        if (userId == ownerId || userId == project.OwnerId)
        {
            return "Project.Yourself";
        }

        var existing = await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == projectId && m.UserId == userId, cancellationToken);
        if (existing is null)
        {
            db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = userId, Role = role, AddedAt = clock.GetUtcNow() });
        }
        else
        {
            existing.Role = role;
        }

        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<bool> RemoveMemberAsync(string ownerId, Guid projectId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        var removed = await ManagedAsync(db, ownerId, projectId, cancellationToken) is not null
            && await db.ProjectMembers.Where(m => m.ProjectId == projectId && m.UserId == userId).ExecuteDeleteAsync(
                cancellationToken) == 1;
        await audit.RecordAsync(
            AuditActions.ProjectMemberRemove, ownerId, projectId.ToString(), removed, email ?? userId,
                cancellationToken: cancellationToken);
        return removed;
    }

    public async Task<IReadOnlyList<MemberView>> MembersAsync(string ownerId, Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await ManagedAsync(db, ownerId, projectId, cancellationToken) is null)
        {
            return [];
        }

        var members = await (from m in db.ProjectMembers
                             join u in db.Users on m.UserId equals u.Id
                             where m.ProjectId == projectId
                             select new MemberView(m.UserId, u.Email ?? "?", m.Role)).ToListAsync(cancellationToken);
        return members.OrderBy(m => m.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Finished runs in projects where this user is a member (not the owner's own).</summary>
    public async Task<IReadOnlyList<ProjectRunView>> MemberRunsAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from m in db.ProjectMembers
                          join p in db.Projects on m.ProjectId equals p.Id
                          join r in db.Runs on p.Id equals r.ProjectId
                          join u in db.Users on r.OwnerId equals u.Id
                          where m.UserId == userId && r.OwnerId != userId
                          select new { r.Id, r.Name, Project = p.Name, u.Email, r.CreatedAt }).ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.CreatedAt).Select(
            r => new ProjectRunView(r.Id, r.Name, r.Project, r.Email ?? "?", r.CreatedAt)).ToList();
    }

    /// <summary>The project if this user may put runs and datasets in it: its creator, or a member with the Editor or Owner role.</summary>
    public async Task<Project?> FindAsync(string userId, Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Access.AccessPolicy.RoleAsync(db, userId, projectId, cancellationToken) is ProjectRole.Owner or ProjectRole.Editor
            ? await db.Projects.AsNoTracking().FirstAsync(p => p.Id == projectId, cancellationToken)
            : null;
    }

    /// <summary>The projects this user may put work in: their personal one first, then theirs, then those where they are Editor or
    /// Owner.</summary>
    public async Task<IReadOnlyList<Project>> WritableAsync(string userId, CancellationToken cancellationToken = default)
    {
        var own = (await ListAsync(userId, cancellationToken)).Select(p => p.Project).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var joined = await (from m in db.ProjectMembers
                            join p in db.Projects on m.ProjectId equals p.Id
                            where m.UserId == userId && m.Role != ProjectRole.Viewer
                            select p).AsNoTracking().ToListAsync(cancellationToken);
        return [.. own, .. joined.OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>Projects others created that this user is a member of, by name.</summary>
    public async Task<IReadOnlyList<Membership>> MembershipsAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from m in db.ProjectMembers
                          join p in db.Projects on m.ProjectId equals p.Id
                          join u in db.Users on p.OwnerId equals u.Id
                          where m.UserId == userId
                          select new { Project = p, u.Email, m.Role }).AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Project.Name, StringComparer.CurrentCultureIgnoreCase).Select(
            r => new Membership(r.Project, r.Email ?? "?", r.Role)).ToList();
    }

    /// <summary>The projects a run can be shared with by this user: the ones they created (not personal) and the ones they belong
    /// to.</summary>
    public async Task<IReadOnlyList<Project>> ShareTargetsAsync(string userId, CancellationToken cancellationToken = default)
    {
        var own = (await ListAsync(userId, cancellationToken)).Select(p => p.Project).Where(p => !p.IsPersonal);
        var joined = (await MembershipsAsync(userId, cancellationToken)).Select(m => m.Project);
        return [.. own, .. joined];
    }

    /// <summary>Whether this user manages the project's members (its creator or an Owner-role member); anyone else is told nothing
    /// about the project.</summary>
    public async Task<bool> ManagesAsync(string userId, Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ManagedAsync(db, userId, projectId, cancellationToken) is not null;
    }

    /// <summary>The project if this user manages its members: its creator or an Owner-role member.</summary>
    private static async Task<Project?> ManagedAsync(
        PortalDbContext db, string userId, Guid projectId, CancellationToken cancellationToken) =>
        await Access.AccessPolicy.RoleAsync(db, userId, projectId, cancellationToken) == ProjectRole.Owner
            ? await db.Projects.FirstAsync(p => p.Id == projectId, cancellationToken)
            : null;
}
