using System.Data;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Audit;

/// <summary>Who, from where, did what to what, with what outcome — as the request saw it.</summary>
public sealed record AuditEvent(
    string Action, string? Target, AuditOutcome Outcome, string? ActorId, string? ActorName, string? SourceIp, string? Detail = null);

/// <param name="Truncated">The newest entries the anchored head vouches for are gone.</param>
/// <param name="Anchored">The signed head outside the database: how many entries it vouches for, and since when.</param>
public sealed record AuditVerification(
    bool Intact, long EntriesChecked, long? FirstBrokenId, bool Truncated = false, AuditHead? Anchored = null);

/// <summary>Where the current user connects from, for events raised where there is no request (an interactive page).</summary>
public sealed class AuditSource
{
    public string? Ip { get; set; }
}

/// <summary>The append-only audit log, chained with a keyed hash and anchored outside the database (<see cref="AuditSeal"/>).</summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, AuditSeal seal, AuditSource? source = null)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>A change as the service that made it saw it: who asked, what it changed, whether it was done.</summary>
    /// <remarks>The account name is looked up from the id and the source address comes from <see cref="AuditSource"/>.</remarks>
    public Task RecordAsync(
        string action, string? actorId, string? target, bool done, string? detail = null, AuditOutcome refused = AuditOutcome.Failure,
        CancellationToken cancellationToken = default) =>
        AppendAsync(new AuditEvent(action, target, done ? AuditOutcome.Success : refused, actorId, null, null, detail), cancellationToken);

    public async Task AppendAsync(AuditEvent e, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (e.ActorName is null && e.ActorId is not null)
        {
            // Pages pass the user's id; the log is read by people, so it also records the account name.
            e = e with { ActorName = await db.Users.Where(u => u.Id == e.ActorId).Select(u => u.UserName).FirstOrDefaultAsync(
                cancellationToken) };
        }

        var key = seal.Ring(() => db.AuditLog.Max(x => (long?)x.Id) ?? 0).Key;
        AuditEntry? written = null;
        long count = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            // Serializable: two appends at once must not both chain to the same previous entry.
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            var previous = await db.AuditLog.OrderByDescending(x => x.Id).Select(x => x.Hash).FirstOrDefaultAsync(cancellationToken)
                ?? Genesis;
            // Milliseconds: the precision every provider keeps, so the hash recomputes from what was stored.
            var now = clock.GetUtcNow();
            var entry = new AuditEntry
            {
                At = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
                ActorId = e.ActorId,
                ActorName = Cut(e.ActorName, 256),
                SourceIp = Cut(e.SourceIp ?? source?.Ip, 64),
                Action = e.Action,
                Target = Cut(e.Target, 256),
                Outcome = e.Outcome,
                Detail = Cut(e.Detail, 1000),
                PreviousHash = previous,
                Hash = string.Empty,
            };
            entry.Hash = seal.Hash(key, Canonical(entry));
            db.AuditLog.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            count = await db.AuditLog.LongCountAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            written = entry;
        });
        seal.Advance(count, written!.Id, written.Hash, written.At, key);
    }

    /// <summary>Walks the chain from the first entry; reports the first entry whose content or link does not match.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (key, legacyUpTo) = seal.Ring(() => db.AuditLog.Max(x => (long?)x.Id) ?? 0);
        var head = seal.Head();
        if (head is not null && !seal.IsSigned(head, key))
        {
            return new AuditVerification(false, 0, head.LastId, Anchored: head); // the head file itself was rewritten
        }

        var previous = Genesis;
        long checkedCount = 0;
        var headSeen = head is null;
        await foreach (var entry in db.AuditLog.AsNoTracking().OrderBy(x => x.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            checkedCount++;
            var expected = entry.Id <= legacyUpTo ? HashOf(entry) : seal.Hash(key, Canonical(entry));
            if (entry.PreviousHash != previous || entry.Hash != expected)
            {
                return new AuditVerification(false, checkedCount, entry.Id, Anchored: head);
            }

            if (head is not null && entry.Id == head.LastId)
            {
                headSeen = entry.Hash == head.LastHash && checkedCount == head.Count;
                if (!headSeen)
                {
                    return new AuditVerification(false, checkedCount, entry.Id, Anchored: head);
                }
            }

            previous = entry.Hash;
        }

        // Every row intact, but the anchored head is missing: the newest entries were deleted.
        return headSeen
            ? new AuditVerification(true, checkedCount, null, Anchored: head)
            : new AuditVerification(false, checkedCount, null, Truncated: true, Anchored: head);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(
        string? actorId, string? action, DateTimeOffset? from, DateTimeOffset? to, int page, int pageSize,
            CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditLog.AsNoTracking();
        // The actor filter matches an id exactly or any part of the name (usually the e-mail address).
        var actorTerm = actorId?.Trim().ToLowerInvariant();
        query = string.IsNullOrEmpty(actorTerm) ? query : query.Where(
            x => x.ActorId == actorId || (x.ActorName != null && x.ActorName.ToLower().Contains(actorTerm)));
        query = string.IsNullOrEmpty(action) ? query : query.Where(x => x.Action == action);
        query = from is null ? query : query.Where(x => x.At >= from);
        query = to is null ? query : query.Where(x => x.At < to);
        return await query.OrderByDescending(x => x.Id).Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
    }

    /// <summary>SHA-256 over every field but the hash itself: entries written before the chain had its key.</summary>
    public static string HashOf(AuditEntry entry) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(entry))));

    /// <summary>Every field but the hash itself, in a fixed, unambiguous layout.</summary>
    private static string Canonical(AuditEntry entry) =>
        string.Join('\u001F',
            entry.PreviousHash,
            entry.At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            entry.ActorId ?? "\u2400",
            entry.ActorName ?? "\u2400",
            entry.SourceIp ?? "\u2400",
            entry.Action,
            entry.Target ?? "\u2400",
            entry.Outcome.ToString(),
            entry.Detail ?? "\u2400");

    private static string? Cut(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
