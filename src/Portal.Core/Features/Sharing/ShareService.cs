using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Audit;

namespace Portal.Core.Features.Sharing;

public sealed record ShareView(Share Share, string? UserEmail, int Opens)
{
    /// <summary>For a project share: the project's name.</summary>
    public string? ProjectName { get; init; }
}

public sealed record SharedWithMe(Guid RunId, string RunName, string OwnerEmail, DateTimeOffset SharedAt);

/// <summary>The outcome of opening a link: the run it grants, or why not (codes for translated messages).</summary>
public sealed record LinkAccess(Guid? RunId, string? Problem, Share? Share);

/// <summary>Shares of run result pages: with named users or by link; revocable; every open recorded.</summary>
/// <remarks>Creating, listing and revoking shares needs the Share right on the run (its owner, or the Owner role of its project).</remarks>
/// <remarks>Every share made, revoked or opened is audited here, whichever page or endpoint asked.</remarks>
public sealed class ShareService(
    IDbContextFactory<PortalDbContext> dbFactory, IOptions<SharingOptions> options, Access.AccessPolicy access, AuditLog audit,
        TimeProvider clock)
{
    public const int MinLinkDays = 1;
    public const int MaxLinkDays = 90;

    /// <returns>null when shared; otherwise a problem code.</returns>
    public async Task<string?> ShareWithUserAsync(string ownerId, Guid runId, string email, CancellationToken cancellationToken = default)
    {
        var problem = await ShareWithUserCoreAsync(ownerId, runId, email, cancellationToken);
        await AuditCreateAsync(ownerId, runId, problem, $"user {email}", cancellationToken);
        return problem;
    }

    private async Task<string?> ShareWithUserCoreAsync(string ownerId, Guid runId, string email, CancellationToken cancellationToken)
    {
        if (!await access.AllowsRunAsync(ownerId, runId, Access.Operation.Share, cancellationToken))
        {
            return "Share.NotFound";
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var normalized = email.Trim().ToUpperInvariant();
        var user = await db.Users.Where(u => u.NormalizedEmail == normalized && u.DisabledAt == null).Select(u => u.Id).FirstOrDefaultAsync(
            cancellationToken);
        if (user is null)
        {
            return "Share.NoSuchUser";
        }

        if (user == ownerId)
        {
            return "Share.Yourself";
        }

        if (await db.Shares.AnyAsync(s => s.RunId == runId && s.UserId == user && s.RevokedAt == null, cancellationToken))
        {
            return "Share.AlreadyShared";
        }

        db.Shares.Add(
            new Share { Id = Guid.NewGuid(), RunId = runId, CreatedBy = ownerId, Kind = ShareKind.User, UserId = user,
                CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <returns>The link's token (shown once), or a problem code.</returns>
    public async Task<(string? Token, string? Problem)> CreateLinkAsync(
        string ownerId, Guid runId, int days, bool requireSignIn, CancellationToken cancellationToken = default)
    {
        var (token, problem) = await CreateLinkCoreAsync(ownerId, runId, days, requireSignIn, cancellationToken);
        await AuditCreateAsync(
            ownerId, runId, problem, $"link, {days} days{(requireSignIn ? ", sign-in required" : ", anonymous")}", cancellationToken);
        return (token, problem);
    }

    private async Task<(string? Token, string? Problem)> CreateLinkCoreAsync(
        string ownerId, Guid runId, int days, bool requireSignIn, CancellationToken cancellationToken)
    {
        if (days is < MinLinkDays or > MaxLinkDays)
        {
            return (null, "Share.Expiry");
        }

        if (!requireSignIn && !options.Value.AllowAnonymousLinks)
        {
            return (null, "Share.AnonymousNotAllowed");
        }

        if (!await access.AllowsRunAsync(ownerId, runId, Access.Operation.Share, cancellationToken))
        {
            return (null, "Share.NotFound");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var token = SecretTokens.NewHex(16); // 128 bits
        var now = clock.GetUtcNow();
        db.Shares.Add(new Share
        {
            Id = Guid.NewGuid(), RunId = runId, CreatedBy = ownerId, Kind = ShareKind.Link, TokenHash = Hash(token),
            ExpiresAt = now.AddDays(days), RequireSignIn = requireSignIn, CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return (token, null);
    }

    /// <returns>null when shared; otherwise a problem code. The members of the project (and its creator) read the run until it is
    /// revoked.</returns>
    public async Task<string?> ShareWithProjectAsync(
        string ownerId, Guid runId, Guid projectId, CancellationToken cancellationToken = default)
    {
        var problem = await ShareWithProjectCoreAsync(ownerId, runId, projectId, cancellationToken);
        await AuditCreateAsync(ownerId, runId, problem, $"project {projectId}", cancellationToken);
        return problem;
    }

    private Task AuditCreateAsync(string ownerId, Guid runId, string? problem, string what, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            AuditActions.ShareCreate, ownerId, runId.ToString(), problem is null, problem is null ? what : $"{what}: {problem}",
            cancellationToken: cancellationToken);

    private async Task<string?> ShareWithProjectCoreAsync(string ownerId, Guid runId, Guid projectId, CancellationToken cancellationToken)
    {
        if (!await access.AllowsRunAsync(ownerId, runId, Access.Operation.Share, cancellationToken))
        {
            return "Share.NotFound";
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Only to a project the sharer belongs to (any role): sharing must not reveal or reach projects they cannot see.
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && !p.IsPersonal, cancellationToken);
        if (project is null || await Access.AccessPolicy.RoleAsync(db, ownerId, projectId, cancellationToken) is null)
        {
            return "Share.NoSuchProject";
        }

        if (await db.Runs.AnyAsync(r => r.Id == runId && r.ProjectId == projectId, cancellationToken))
        {
            return "Share.OwnProject";
        }

        if (await db.Shares.AnyAsync(s => s.RunId == runId && s.ProjectId == projectId && s.RevokedAt == null, cancellationToken))
        {
            return "Share.AlreadyShared";
        }

        db.Shares.Add(
            new Share { Id = Guid.NewGuid(), RunId = runId, CreatedBy = ownerId, Kind = ShareKind.Project, ProjectId = projectId,
                CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Every share of the run, for a caller with the Share right; nothing for anyone else.</summary>
    public async Task<IReadOnlyList<ShareView>> ListAsync(string ownerId, Guid runId, CancellationToken cancellationToken = default)
    {
        if (!await access.AllowsRunAsync(ownerId, runId, Access.Operation.Share, cancellationToken))
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shares = await db.Shares.AsNoTracking().Where(s => s.RunId == runId).ToListAsync(cancellationToken);
        var projectIds = shares.Where(s => s.ProjectId != null).Select(s => s.ProjectId!.Value).ToList();
        var projectNames = await db.Projects.Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(
            p => p.Id, p => p.Name, cancellationToken);
        var userIds = shares.Where(s => s.UserId != null).Select(s => s.UserId!).ToList();
        var emails = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);
        var shareIds = shares.Select(s => s.Id).ToList();
        var opens = await db.ShareOpens.Where(o => shareIds.Contains(o.ShareId)).GroupBy(o => o.ShareId).Select(
            g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return shares.OrderByDescending(s => s.CreatedAt).Select(
            s => new ShareView(s, s.UserId is null ? null : emails.GetValueOrDefault(s.UserId), opens.GetValueOrDefault(s.Id))
        {
            ProjectName = s.ProjectId is { } id ? projectNames.GetValueOrDefault(id) : null,
        }).ToList();
    }

    public async Task<bool> RevokeAsync(string ownerId, Guid shareId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runId = await db.Shares.Where(s => s.Id == shareId).Select(s => (Guid?)s.RunId).FirstOrDefaultAsync(cancellationToken);
        if (runId is null || !await access.AllowsRunAsync(ownerId, runId.Value, Access.Operation.Share, cancellationToken))
        {
            await audit.RecordAsync(
                AuditActions.ShareRevoke, ownerId, shareId.ToString(), false, "no such share of yours", AuditOutcome.Denied,
                cancellationToken);
            return false;
        }

        var now = clock.GetUtcNow();
        var revoked = await db.Shares.Where(s => s.Id == shareId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken) == 1;
        await audit.RecordAsync(
            AuditActions.ShareRevoke, ownerId, shareId.ToString(), revoked, runId.ToString(), cancellationToken: cancellationToken);
        return revoked;
    }

    public async Task<IReadOnlyList<SharedWithMe>> SharedWithAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from s in Access.AccessPolicy.SharesTo(db, userId)
                          join r in db.Runs on s.RunId equals r.Id
                          join u in db.Users on r.OwnerId equals u.Id
                          where r.OwnerId != userId
                          select new { r.Id, r.Name, u.Email, s.CreatedAt }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Id).Select(g => g.OrderBy(r => r.CreatedAt).First()) // shared by name and with a project: listed once
            .OrderByDescending(r => r.CreatedAt).Select(r => new SharedWithMe(r.Id, r.Name, r.Email ?? "?", r.CreatedAt)).ToList();
    }

    /// <summary>The active share (with the user, or with a project of theirs) that reaches this user for the run, or null. Records the
    /// open.</summary>
    public async Task<Share?> UserShareAsync(string userId, Guid runId, string? sourceIp, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var share = await Access.AccessPolicy.SharesTo(db, userId).AsNoTracking().FirstOrDefaultAsync(
            s => s.RunId == runId, cancellationToken);
        if (share is not null)
        {
            await RecordOpenAsync(db, share.Id, userId, sourceIp, cancellationToken);
            await audit.AppendAsync(
                new AuditEvent(AuditActions.ShareOpen, share.Id.ToString(), AuditOutcome.Success, userId, null, sourceIp,
                runId.ToString()), cancellationToken);
        }

        return share;
    }

    /// <summary>Checks a link token: known, not revoked, not expired, and signed in when the link requires it. Records the open.</summary>
    /// <remarks>Audited, except the refusal that only sends the visitor to sign in first (the open after it is).</remarks>
    public async Task<LinkAccess> OpenLinkAsync(
        string token, string? userId, string? sourceIp, CancellationToken cancellationToken = default)
    {
        var opened = await OpenLinkCoreAsync(token, userId, sourceIp, cancellationToken);
        if (opened.Problem != "Share.SignInRequired")
        {
            var outcome = opened.RunId is null ? AuditOutcome.Denied : AuditOutcome.Success;
            await audit.AppendAsync(
                new AuditEvent(AuditActions.ShareOpen, opened.Share?.Id.ToString() ?? "unknown link", outcome, userId, null,
                sourceIp, opened.Problem), cancellationToken);
        }

        return opened;
    }

    private async Task<LinkAccess> OpenLinkCoreAsync(string token, string? userId, string? sourceIp, CancellationToken cancellationToken)
    {
        if (token.Length != 32 || !token.All(Uri.IsHexDigit))
        {
            return new(null, "Share.LinkInvalid", null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = Hash(token.ToLowerInvariant());
        var share = await db.Shares.AsNoTracking().FirstOrDefaultAsync(
            s => s.TokenHash == hash && s.Kind == ShareKind.Link, cancellationToken);
        if (share is null || share.RevokedAt is not null)
        {
            return new(null, "Share.LinkInvalid", null);
        }

        if (share.ExpiresAt <= clock.GetUtcNow())
        {
            return new(null, "Share.LinkExpired", share);
        }

        if (share.RequireSignIn && userId is null)
        {
            return new(null, "Share.SignInRequired", share);
        }

        await RecordOpenAsync(db, share.Id, userId, sourceIp, cancellationToken);
        return new(share.RunId, null, share);
    }

    private async Task RecordOpenAsync(
        PortalDbContext db, Guid shareId, string? userId, string? sourceIp, CancellationToken cancellationToken)
    {
        db.ShareOpens.Add(new ShareOpen { ShareId = shareId, At = clock.GetUtcNow(), UserId = userId, SourceIp = sourceIp });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Hash(string token) => SecretTokens.Hash(token);
}
