using Microsoft.AspNetCore.Identity;
using Portal.Core.Features.Accounts;

namespace Portal.Core.Features.Administration;

/// <summary>The account rules user administration checks, and how an Identity failure reads as an administrator's result.</summary>
internal static class AccountRules
{
    internal static async Task<bool> IsLastActiveAdministratorAsync(UserManager<PortalUser> users, PortalUser user)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Administrator);
        return !admins.Any(a => a.Id != user.Id && a.DisabledAt is null);
    }

    internal static async Task<AdminResult> RenewStampAsync(UserManager<PortalUser> users, PortalUser user)
    {
        var renewed = await users.UpdateSecurityStampAsync(user);
        return renewed.Succeeded ? AdminResult.Done : Failed(renewed);
    }

    internal static AdminResult Failed(IdentityResult result) => new(
        "Admin.CreateFailed", string.Join(" ", result.Errors.Select(e => e.Description)));
}
