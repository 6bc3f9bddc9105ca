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

        return IsKeyboardWalk(password);
    }

    private static readonly string[] KeyRows = ["1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./"];
    private static readonly string[] ShiftedRows = ["!@#$%^&*()_+", "QWERTYUIOP{}", "ASDFGHJKL:\"", "ZXCVBNM<>?"];

    /// <summary>
    /// Runs of neighbouring keys on a QWERTY keyboard, such as "qwertyuiopas", "1qaz2wsx3edc" or "zxcvbnm,./": the
    /// password is (at least three quarters of it) pieces of three or more characters, each going from key to neighbouring
    /// (or the same) key.
    /// </summary>
    public static bool IsKeyboardWalk(string password)
    {
        var keys = new List<(int Row, int Column)>();
        foreach (var c in password)
        {
            if (Key(char.ToLowerInvariant(c)) is not { } key)
            {
                return false; // spaces and letters beyond the keyboard's rows make it a phrase, not a walk
            }

            keys.Add(key);
        }

        var piece = 1;
        var inWalks = 0;
        for (var i = 1; i <= keys.Count; i++)
        {
            var neighbours = i < keys.Count
                && Math.Abs(keys[i].Row - keys[i - 1].Row) <= 1 && Math.Abs(keys[i].Column - keys[i - 1].Column) <= 1;
            if (neighbours)
            {
                piece++;
                continue;
            }

            inWalks += piece >= 3 ? piece : 0;
            piece = 1;
        }

        return keys.Count >= 6 && inWalks >= 0.75 * keys.Count;
    }

    private static (int Row, int Column)? Key(char c)
    {
        for (var row = 0; row < KeyRows.Length; row++)
        {
            var column = KeyRows[row].IndexOf(c);
            column = column >= 0 ? column : ShiftedRows[row].IndexOf(c);
            if (column >= 0)
            {
                return (row, column);
            }
        }

        return null;
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
