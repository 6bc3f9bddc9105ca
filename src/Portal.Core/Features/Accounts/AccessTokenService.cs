using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;

namespace Portal.Core.Features.Accounts;

public sealed record CreatedAccessToken(AccessToken Token, string Secret);

/// <summary>Creates, lists, revokes and checks personal access tokens ("cpat_" and 43 random characters, 256 bits).</summary>
/// <remarks>Creating and revoking tokens is audited here.</remarks>
public sealed class AccessTokenService(IDbContextFactory<PortalDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public const string SecretPrefix = "cpat_";
    public const int MaxLifetimeDays = 365;
    public const int MaxTokensPerUser = 20;

    public async Task<CreatedAccessToken?> CreateAsync(
        string userId, string name, int lifetimeDays, CancellationToken cancellationToken = default)
    {
        var created = await CreateTokenAsync(userId, name, lifetimeDays, cancellationToken);
        await audit.RecordAsync(AuditActions.TokenCreate, userId, created?.Token.Id.ToString(), created is not null,
            created?.Token.Name ?? $"refused: '{name.Trim()}', {lifetimeDays} days", cancellationToken: cancellationToken);
        return created;
    }

    private async Task<CreatedAccessToken?> CreateTokenAsync(
        string userId, string name, int lifetimeDays, CancellationToken cancellationToken)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100 || lifetimeDays is < 1 or > MaxLifetimeDays)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (await db.AccessTokens.CountAsync(
            t => t.UserId == userId && t.RevokedAt == null && t.ExpiresAt > now, cancellationToken) >= MaxTokensPerUser)
        {
            return null;
        }

        var secret = SecretPrefix + SecretTokens.NewBase64Url(32);
        var token = new AccessToken
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name,
            Prefix = secret[..12],
            Hash = HashOf(secret),
            CreatedAt = now,
            ExpiresAt = now.AddDays(lifetimeDays),
        };
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedAccessToken(token, secret);
    }

    public async Task<IReadOnlyList<AccessToken>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokens = await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        return tokens.OrderByDescending(t => t.CreatedAt).ToList();
    }

    public async Task<bool> RevokeAsync(string userId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var revoked = await db.AccessTokens.Where(t => t.Id == id && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken) == 1;
        await audit.RecordAsync(AuditActions.TokenRevoke, userId, id.ToString(), revoked, cancellationToken: cancellationToken);
        return revoked;
    }

    /// <summary>The user a presented token belongs to, or null when it is unknown, revoked or expired.</summary>
    public async Task<string?> ValidateAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (!presented.StartsWith(SecretPrefix, StringComparison.Ordinal) || presented.Length > 100)
        {
            return null;
        }

        var hash = HashOf(presented);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.AccessTokens.FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        var now = clock.GetUtcNow();
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return null;
        }

        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now; // at most once a minute, so busy scripts do not write on every call
            await db.SaveChangesAsync(cancellationToken);
        }

        return token.UserId;
    }

    public static string HashOf(string secret) => SecretTokens.Hash(secret);

}
