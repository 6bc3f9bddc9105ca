using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Core.Features.Accounts;

/// <summary>Creates the roles and, when no administrator exists yet, the first administrator.</summary>
public sealed class AdministratorSeeder(
    UserManager<PortalUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<AccountOptions> options,
    ILogger<AdministratorSeeder> logger)
{
    public async Task SeedAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }

        if ((await users.GetUsersInRoleAsync(Roles.Administrator)).Count > 0)
        {
            return;
        }

        var email = options.Value.AdminEmail;
        var configured = options.Value.AdminPassword;
        var password = string.IsNullOrEmpty(configured) ? GeneratePassword() : configured;
        var admin = await users.FindByEmailAsync(email);
        if (admin is null)
        {
            admin = new PortalUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = "Administrator",
                MustChangePassword = string.IsNullOrEmpty(configured),
            };
            Check(await users.CreateAsync(admin, password),
                "create the first administrator (check Accounts:AdminPassword against the password rules)");
        }

        Check(await users.AddToRoleAsync(admin, Roles.Administrator), "make the first user an administrator");

        if (string.IsNullOrEmpty(configured))
        {
            // Printed exactly once: the account is created in this call and the password is never stored in clear.
            logger.LogWarning(
                "First administrator created: {Email} with the one-time password {Password} — it must be changed at first sign-in.",
                email, password);
        }
        else
        {
            logger.LogInformation("First administrator created: {Email} with the password from Accounts:AdminPassword.", email);
        }
    }

    internal static string GeneratePassword()
    {
        // 4 groups of 5 from an alphabet without look-alikes: ~100 bits, easy to type once.
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var groups = Enumerable.Range(0, 4).Select(_ => new string(RandomNumberGenerator.GetItems<char>(alphabet, 5)));
        return string.Join('-', groups);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
