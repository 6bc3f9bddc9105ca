using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;

namespace Portal.Core.Features.Administration;

public sealed record UserSummary(PortalUser User, string Role, bool Disabled, bool LockedOut, long StorageBytes);

public sealed record UserPage(IReadOnlyList<UserSummary> Items, int Total);

/// <summary>Accounts as administrators look them up: role, state and storage used.</summary>
public sealed class UserDirectoryService(IServiceScopeFactory scopes, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<UserPage> ListAsync(string? search, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(
                u => u.Email!.ToLower().Contains(term) || (u.DisplayName != null && u.DisplayName.ToLower().Contains(term)));
        }

        var total = await query.CountAsync(cancellationToken);
        var list = await query.OrderBy(u => u.Email).Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 200)).ToListAsync(
            cancellationToken);
        var ids = list.Select(u => u.Id).ToList();
        var roles = await (
            from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(
                ur.UserId) select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var storage = await db.Datasets.Where(d => ids.Contains(d.OwnerId)).GroupBy(d => d.OwnerId).Select(
            g => new { g.Key, Bytes = g.Sum(d => d.SizeBytes) })
            .ToDictionaryAsync(g => g.Key, g => g.Bytes, cancellationToken);
        var now = clock.GetUtcNow();
        return new UserPage(list.Select(u => new UserSummary(
            u,
            roles.FirstOrDefault(r => r.UserId == u.Id)?.Name ?? "—",
            u.DisabledAt is not null,
            u.DisabledAt is null && u.LockoutEnd > now,
            storage.GetValueOrDefault(u.Id))).ToList(), total);
    }

    public async Task<UserSummary?> FindAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var storage = await db.Datasets.Where(d => d.OwnerId == userId).SumAsync(d => d.SizeBytes, cancellationToken);
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "—";
        return new UserSummary(
            user, role, user.DisabledAt is not null, user.DisabledAt is null && user.LockoutEnd > clock.GetUtcNow(), storage);
    }
}
