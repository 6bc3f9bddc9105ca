using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Storage;

namespace Portal.Core.Features.Audit;

/// <summary>The newest entry the log had, signed, kept outside the database: deleting the last rows shows.</summary>
public sealed record AuditHead(long Count, long LastId, string LastHash, DateTimeOffset At, string Signature);

/// <summary>
/// What makes the audit chain trustworthy against someone who can write to the database (ADR 0012): the chain is an
/// HMAC under a key kept in the data folder's key ring, not in the database, so rows cannot be recomputed with the
/// public formula; and the chain's head is anchored outside the table (a signed head file, advanced with every entry,
/// plus a signed checkpoint every <see cref="CheckpointEvery"/> entries appended to a checkpoint file and the log), so
/// deleting the newest rows is caught too. Entries written before the key existed keep their plain SHA-256.
/// </summary>
public sealed class AuditSeal
{
    public const int CheckpointEvery = 100;

    private readonly string folder;
    private readonly ILogger<AuditSeal> logger;
    private readonly Lock gate = new();
    private (byte[] Key, long LegacyUpTo)? ring;

    public AuditSeal(IOptions<StorageOptions> storage, IHostEnvironment environment, ILogger<AuditSeal> logger)
    {
        folder = Path.Combine(storage.Value.ResolveDataDirectory(environment.ContentRootPath), "keys");
        this.logger = logger;
    }

    private string KeyFile => Path.Combine(folder, "audit-chain.json");

    private string HeadFile => Path.Combine(folder, "audit-head.json");

    private string CheckpointFile => Path.Combine(folder, "audit-checkpoints.log");

    /// <summary>The key, made on first use; <paramref name="lastIdNow"/> is asked only then, to mark the older entries as legacy.</summary>
    public (byte[] Key, long LegacyUpTo) Ring(Func<long> lastIdNow)
    {
        lock (gate)
        {
            if (ring is { } loaded)
            {
                return loaded;
            }

            if (File.Exists(KeyFile))
            {
                var stored = JsonSerializer.Deserialize<StoredKey>(File.ReadAllText(KeyFile))!;
                ring = (Convert.FromBase64String(stored.Key), stored.LegacyUpTo);
            }
            else
            {
                Directory.CreateDirectory(folder);
                ring = (RandomNumberGenerator.GetBytes(32), lastIdNow());
                WriteReplacing(
                    KeyFile, JsonSerializer.Serialize(new StoredKey(Convert.ToBase64String(ring.Value.Key), ring.Value.LegacyUpTo)));
            }

            return ring.Value;
        }
    }

    public string Hash(byte[] key, string canonical) => Convert.ToHexStringLower(
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(canonical)));

    public AuditHead? Head()
    {
        lock (gate)
        {
            return File.Exists(HeadFile) ? JsonSerializer.Deserialize<AuditHead>(File.ReadAllText(HeadFile)) : null;
        }
    }

    public bool IsSigned(AuditHead head, byte[] key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(head.Signature), Encoding.ASCII.GetBytes(Sign(head, key)));

    /// <summary>Moves the anchored head forward (never back: two hosts may finish their appends out of order).</summary>
    public void Advance(long count, long lastId, string lastHash, DateTimeOffset at, byte[] key)
    {
        lock (gate)
        {
            if (Head() is { } current && current.LastId >= lastId)
            {
                return;
            }

            var head = new AuditHead(count, lastId, lastHash, at, string.Empty);
            head = head with { Signature = Sign(head, key) };
            WriteReplacing(HeadFile, JsonSerializer.Serialize(head));
            if (count % CheckpointEvery == 0)
            {
                File.AppendAllText(CheckpointFile, JsonSerializer.Serialize(head) + "\n");
                logger.LogInformation(
                    "Audit checkpoint: {Count} entries, newest #{LastId} {LastHash}, signature {Signature}.",
                    count, lastId, lastHash, head.Signature);
            }
        }
    }

    private string Sign(AuditHead head, byte[] key) => Hash(key, string.Join('\u001F', "head",
        head.Count.ToString(CultureInfo.InvariantCulture), head.LastId.ToString(CultureInfo.InvariantCulture), head.LastHash,
        head.At.UtcTicks.ToString(CultureInfo.InvariantCulture)));

    private static void WriteReplacing(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    private sealed record StoredKey(string Key, long LegacyUpTo);
}
