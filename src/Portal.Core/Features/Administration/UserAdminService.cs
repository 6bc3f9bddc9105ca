using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Audit;

namespace Portal.Core.Features.Administration;

/// <summary>The outcome of an administrator's action: null problem means done. Codes select translated messages.</summary>
public sealed record AdminResult(string? Problem, string? Secret = null, string? UserId = null)
{
    public bool Succeeded => Problem is null;

    public static readonly AdminResult Done = new((string?)null);
}

/// <summary>
/// Users and roles for administrators. The rules: nobody disables or deletes themselves, and the last active
/// administrator can be neither demoted, disabled nor deleted. Every change that takes rights away also renews the
/// user's security stamp, so open pages lose access at their next revalidation. Each operation uses its own Identity
/// scope: a page's long-lived scope would hold stale copies of users that changed meanwhile (e.g. a new password), and
/// their save would fail on the concurrency stamp.
/// </summary>
/// <remarks>Every change is audited here, whichever page or endpoint asked for it, with the account's email as target.</remarks>
public sealed class UserAdminService(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> dbFactory,
    InvitationService invitations,
    AccountAudit audit,
    TimeProvider clock)
{
    public static readonly IReadOnlyList<string> AssignableRoles = [Roles.Administrator, Roles.Analyst, Roles.Viewer];

    /// <summary>Creates an account with a one-time temporary password (returned once) or an invitation link token (returned
    /// once).</summary>
    public async Task<AdminResult> CreateAsync(
        string actorId, string email, string? displayName, string role, bool invite, CancellationToken cancellationToken = default)
    {
        var result = await CreateAccountAsync(email.Trim(), displayName, role, invite, cancellationToken);
        var detail = result.Succeeded ? $"{role}, {(invite ? "invitation" : "temporary password")}" : result.Problem;
        return await audit.RecordAsync(AuditActions.UserCreate, actorId, email.Trim(), result, detail, AuditOutcome.Failure);
    }

    private async Task<AdminResult> CreateAccountAsync(
        string email, string? displayName, string role, bool invite, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (!AssignableRoles.Contains(role))
        {
            return new AdminResult("Admin.RoleInvalid");
        }

        if (email.Length is 0 or > 256 || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
        {
            return new AdminResult("Admin.EmailInvalid");
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return new AdminResult("Admin.EmailTaken");
        }

        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? email.Split('@')[0]
                : displayName.Trim()[..Math.Min(100, displayName.Trim().Length)],
            MustChangePassword = !invite,
        };
        var password = invite ? null : AdministratorSeeder.GeneratePassword();
        var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return new AdminResult("Admin.CreateFailed", string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        var inRole = await users.AddToRoleAsync(user, role);
        if (!inRole.Succeeded)
        {
            return AccountRules.Failed(inRole);
        }

        if (!invite)
        {
            return new AdminResult(null, password, user.Id);
        }

        return new AdminResult(null, await invitations.CreateAsync(user.Id, cancellationToken), user.Id);
    }

    public async Task<AdminResult> SetRoleAsync(string actorId, string userId, string role)
    {
        var email = await audit.EmailOfAsync(userId);
        var result = await ChangeRoleAsync(actorId, userId, role);
        return await audit.RecordAsync(AuditActions.RoleChange, actorId, email, result, role);
    }

    private async Task<AdminResult> ChangeRoleAsync(string actorId, string userId, string role)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (!AssignableRoles.Contains(role))
        {
            return new AdminResult("Admin.RoleInvalid");
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return new AdminResult("Admin.NotFound");
        }

        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Administrator) && role != Roles.Administrator && await AccountRules.IsLastActiveAdministratorAsync(
            users, user))
        {
            return new AdminResult("Admin.LastAdministrator");
        }

        var removed = await users.RemoveFromRolesAsync(user, current);
        var added = removed.Succeeded ? await users.AddToRoleAsync(user, role) : removed;
        return added.Succeeded ? await AccountRules.RenewStampAsync(users, user) : AccountRules.Failed(
            added); // open pages pick up the new role at their next check
    }

    public async Task<AdminResult> SetDisabledAsync(string actorId, string userId, bool disabled)
    {
        var email = await audit.EmailOfAsync(userId);
        var result = await ChangeDisabledAsync(actorId, userId, disabled);
        return await audit.RecordAsync(disabled ? AuditActions.UserDisable : AuditActions.UserEnable, actorId, email, result, null);
    }

    private async Task<AdminResult> ChangeDisabledAsync(string actorId, string userId, bool disabled)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return new AdminResult("Admin.NotFound");
        }

        if (disabled && actorId == userId)
        {
            return new AdminResult("Admin.NotYourself");
        }

        if (disabled && await users.IsInRoleAsync(user, Roles.Administrator) && await AccountRules.IsLastActiveAdministratorAsync(
            users, user))
        {
            return new AdminResult("Admin.LastAdministrator");
        }

        user.DisabledAt = disabled ? clock.GetUtcNow() : null;
        user.LockoutEnabled = true;
        user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
        user.AccessFailedCount = 0;
        var saved = await users.UpdateAsync(user); // one save; UpdateAsync also renews the concurrency stamp
        return saved.Succeeded ? await AccountRules.RenewStampAsync(users, user) : AccountRules.Failed(saved);
    }

    public async Task<AdminResult> UnlockAsync(string actorId, string userId)
    {
        var email = await audit.EmailOfAsync(userId);
        var result = await UnlockAccountAsync(userId);
        return await audit.RecordAsync(AuditActions.UserUnlock, actorId, email, result, null);
    }

    private async Task<AdminResult> UnlockAccountAsync(string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return new AdminResult("Admin.NotFound");
        }

        if (user.DisabledAt is not null)
        {
            return new AdminResult("Admin.IsDisabled");
        }

        var unlocked = await users.SetLockoutEndDateAsync(user, null);
        var reset = unlocked.Succeeded ? await users.ResetAccessFailedCountAsync(user) : unlocked;
        return reset.Succeeded ? AdminResult.Done : AccountRules.Failed(reset);
    }

    /// <summary>Replaces the password with a temporary one (returned once) that must be changed at the next sign-in; signs the user out
    /// everywhere.</summary>
    public async Task<AdminResult> ForcePasswordResetAsync(string actorId, string userId)
    {
        var email = await audit.EmailOfAsync(userId);
        var result = await ResetPasswordAsync(userId);
        return await audit.RecordAsync(AuditActions.UserPasswordReset, actorId, email, result, null);
    }

    private async Task<AdminResult> ResetPasswordAsync(string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return new AdminResult("Admin.NotFound");
        }

        var password = AdministratorSeeder.GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            return new AdminResult("Admin.CreateFailed", string.Join(" ", reset.Errors.Select(e => e.Description)));
        }

        user.MustChangePassword = true;
        var saved = await users.UpdateAsync(user);
        if (!saved.Succeeded)
        {
            return AccountRules.Failed(saved);
        }

        var renewed = await AccountRules.RenewStampAsync(users, user);
        return renewed.Succeeded ? new AdminResult(null, password, user.Id) : renewed;
    }

    /// <summary>Gives the user's datasets and runs to another user, revokes their tokens, then deletes the account.</summary>
    public async Task<AdminResult> DeleteAsync(
        string actorId, string userId, string transferToId, CancellationToken cancellationToken = default)
    {
        var email = await audit.EmailOfAsync(userId);
        var result = await DeleteAccountAsync(actorId, userId, transferToId, cancellationToken);
        return await audit.RecordAsync(AuditActions.UserDelete, actorId, email, result, $"transferred to {transferToId}");
    }

    private async Task<AdminResult> DeleteAccountAsync(
        string actorId, string userId, string transferToId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (actorId == userId)
        {
            return new AdminResult("Admin.NotYourself");
        }

        var user = await users.FindByIdAsync(userId);
        var heir = await users.FindByIdAsync(transferToId);
        if (user is null || heir is null || heir.Id == user.Id)
        {
            return new AdminResult(user is null ? "Admin.NotFound" : "Admin.TransferInvalid");
        }

        if (await users.IsInRoleAsync(user, Roles.Administrator) && await AccountRules.IsLastActiveAdministratorAsync(users, user))
        {
            return new AdminResult("Admin.LastAdministrator");
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Datasets.Where(d => d.OwnerId == userId).ExecuteUpdateAsync(
                s => s.SetProperty(d => d.OwnerId, heir.Id), cancellationToken);
            await db.Runs.Where(r => r.OwnerId == userId).ExecuteUpdateAsync(
                s => s.SetProperty(r => r.OwnerId, heir.Id), cancellationToken);
            // Projects go too; the leaver's personal project becomes an ordinary one named after them.
            var personalName = $"Personal ({user.Email})";
            await db.Projects.Where(p => p.OwnerId == userId).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.OwnerId, heir.Id)
                .SetProperty(p => p.Name, p => p.IsPersonal ? personalName : p.Name)
                .SetProperty(p => p.IsPersonal, false), cancellationToken);
            await db.Shares.Where(s => s.CreatedBy == userId).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.CreatedBy, heir.Id), cancellationToken);
            await db.Shares.Where(s => s.UserId == userId).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.RevokedAt, clock.GetUtcNow()), cancellationToken);
            await db.ProjectMembers.Where(m => m.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.AccessTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.Invitations.Where(i => i.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.UserQuotas.Where(q => q.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var deleted = await users.DeleteAsync(user);
        return deleted.Succeeded ? AdminResult.Done : new AdminResult(
            "Admin.CreateFailed", string.Join(" ", deleted.Errors.Select(e => e.Description)));
    }
}
