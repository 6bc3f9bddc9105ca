using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Features.Accounts;

/// <summary>
/// Random secrets handed out once (access tokens, invitation and share links) and the hash that is all the database
/// keeps of them. High-entropy secrets need no salt or slow hash: SHA-256 is enough to make a stolen table useless.
/// </summary>
public static class SecretTokens
{
    /// <summary><paramref name="bytes"/> random bytes as URL-safe base64 without padding.</summary>
    public static string NewBase64Url(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary><paramref name="bytes"/> random bytes as lower-case hex.</summary>
    public static string NewHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>SHA-256 of the secret, lower-case hex: what is stored and looked up.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
