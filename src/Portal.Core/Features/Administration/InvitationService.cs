using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Audit;

namespace Portal.Core.Features.Administration;

/// <summary>Single-use invitation links that let a new account set its first password before they expire.</summary>
public sealed class InvitationService(
    IServiceScopeFactory scopes, IDbContextFactory<PortalDbContext> dbFactory, IOptions<AccountOptions> accounts, AuditLog audit,
        TimeProvider clock)
{
    /// <returns>The link's token (shown once; only its hash is stored).</returns>
    public async Task<string> CreateAsync(string userId, CancellationToken cancellationToken = default)
    {
        var token = SecretTokens.NewBase64Url(32);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        db.Invitations.Add(
            new Invitation { Id = Guid.NewGuid(), UserId = userId, TokenHash = SecretTokens.Hash(token), CreatedAt = now,
                ExpiresAt = now.AddDays(accounts.Value.InvitationDays) });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>Sets the first password from an invitation link: once, before it expires. Returns the problem code or null.</summary>
    /// <remarks>Audited with the invited account as actor (the visitor is not signed in yet).</remarks>
    public async Task<(string? Problem, IEnumerable<IdentityError> Errors)> AcceptAsync(
        string token, string password, CancellationToken cancellationToken = default)
    {
        var (problem, errors, userId) = await AcceptCoreAsync(token, password, cancellationToken);
        await audit.RecordAsync(
            AuditActions.InvitationAccept, userId, null, problem is null, problem, cancellationToken: cancellationToken);
        return (problem, errors);
    }

    private async Task<(string? Problem, IEnumerable<IdentityError> Errors, string? UserId)> AcceptCoreAsync(
        string token, string password, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = SecretTokens.Hash(token);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        var now = clock.GetUtcNow();
        if (invitation is null || invitation.UsedAt is not null || invitation.ExpiresAt <= now)
        {
            return ("Invitation.Invalid", [], invitation?.UserId);
        }

        var user = await users.FindByIdAsync(invitation.UserId);
        if (user is null || user.DisabledAt is not null)
        {
            return ("Invitation.Invalid", [], invitation.UserId);
        }

        var result = await users.AddPasswordAsync(user, password);
        if (!result.Succeeded)
        {
            return ("Invitation.Password", result.Errors, user.Id);
        }

        invitation.UsedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return (null, [], user.Id);
    }
}
