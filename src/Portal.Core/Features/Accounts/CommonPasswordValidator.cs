using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace Portal.Core.Features.Accounts;

/// <summary>
/// NIST SP 800-63B style screening: no composition rules, but refuse passwords that are known to be common,
/// are a common password padded with digits or symbols, are trivially repetitive, or contain the account name.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<PortalUser>
{
    public const string CommonCode = "PasswordCommon";
    public const string RepetitiveCode = "PasswordRepetitive";
    public const string ContainsNameCode = "PasswordContainsUserName";

    private static readonly Lazy<HashSet<string>> CommonPasswords = new(Load);

    public static bool IsCommon(string password)
    {
        var lower = password.Trim().ToLowerInvariant();
        if (CommonPasswords.Value.Contains(lower))
        {
            return true;
        }

        // "password2024!!" and "!!qwerty123456" are as weak as their core.
        var core = lower.Trim("0123456789!@#$%^&*()-_=+.,?~ ".ToCharArray());
        return core.Length > 0 && core.Length < lower.Length && CommonPasswords.Value.Contains(core);
    }

    public static bool IsRepetitive(string password)
    {
        if (password.Distinct().Count() <= 2)
        {
            return true;
        }

        // A run of consecutive characters such as "123456789012" or "abcdefghijkl".
        var ascending = 0;
        var descending = 0;
        for (var i = 1; i < password.Length; i++)
        {
            ascending = password[i] - password[i - 1] == 1 || (password[i] == '0' && password[i - 1] == '9') ? ascending + 1 : 0;
            descending = password[i - 1] - password[i] == 1 || (password[i] == '9' && password[i - 1] == '0') ? descending + 1 : 0;
            if (ascending >= password.Length - 2 || descending >= password.Length - 2)
            {
                return true;
            }
        }

        return false;
    }

    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var describer = manager.ErrorDescriber as PortalIdentityErrorDescriber ?? new PortalIdentityErrorDescriber();
        if (IsCommon(password))
        {
            return Task.FromResult(IdentityResult.Failed(describer.CommonPassword()));
        }

        if (IsRepetitive(password))
        {
            return Task.FromResult(IdentityResult.Failed(describer.RepetitivePassword()));
        }

        var name = (user.Email ?? user.UserName ?? string.Empty).Split('@')[0];
        if (name.Length >= 4 && password.Contains(name, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(IdentityResult.Failed(describer.PasswordContainsUserName()));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Portal.Core.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from Portal.Core.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith("#!comment", StringComparison.Ordinal))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }

        return set;
    }
}
