using System.Data;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Audit;

/// <summary>Who, from where, did what to what, with what outcome — as the request saw it.</summary>
public sealed record AuditEvent(string Action, string? Target, AuditOutcome Outcome, string? ActorId, string? ActorName, string? SourceIp, string? Detail = null);

public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBrokenId);

/// <summary>Where the current user connects from, for events raised where there is no request (an interactive page).</summary>
public sealed class AuditSource
{
    public string? Ip { get; set; }
}

/// <summary>The append-only, hash-chained audit log.</summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, AuditSource? source = null)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public async Task AppendAsync(AuditEvent e, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (e.ActorName is null && e.ActorId is not null)
        {
            // Pages pass the user's id; the log is read by people, so it also records the account name.
            e = e with { ActorName = await db.Users.Where(u => u.Id == e.ActorId).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken) };
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            // Serializable: two appends at once must not both chain to the same previous entry.
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            var previous = await db.AuditLog.OrderByDescending(x => x.Id).Select(x => x.Hash).FirstOrDefaultAsync(cancellationToken) ?? Genesis;
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
            entry.Hash = HashOf(entry);
            db.AuditLog.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    /// <summary>Walks the chain from the first entry; reports the first entry whose content or link does not match.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var previous = Genesis;
        long checkedCount = 0;
        await foreach (var entry in db.AuditLog.AsNoTracking().OrderBy(x => x.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            checkedCount++;
            if (entry.PreviousHash != previous || entry.Hash != HashOf(entry))
            {
                return new AuditVerification(false, checkedCount, entry.Id);
            }

            previous = entry.Hash;
        }

        return new AuditVerification(true, checkedCount, null);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? actorId, string? action, DateTimeOffset? from, DateTimeOffset? to, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditLog.AsNoTracking();
        // The actor filter matches an id exactly or any part of the name (usually the e-mail address).
        var actorTerm = actorId?.Trim().ToLowerInvariant();
        query = string.IsNullOrEmpty(actorTerm) ? query : query.Where(x => x.ActorId == actorId || (x.ActorName != null && x.ActorName.ToLower().Contains(actorTerm)));
        query = string.IsNullOrEmpty(action) ? query : query.Where(x => x.Action == action);
        query = from is null ? query : query.Where(x => x.At >= from);
        query = to is null ? query : query.Where(x => x.At < to);
        return await query.OrderByDescending(x => x.Id).Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
    }

    /// <summary>SHA-256 over every field but the hash itself, in a fixed, unambiguous layout.</summary>
    internal static string HashOf(AuditEntry entry)
    {
        var canonical = string.Join('\u001F',
            entry.PreviousHash,
            entry.At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            entry.ActorId ?? "\u2400",
            entry.ActorName ?? "\u2400",
            entry.SourceIp ?? "\u2400",
            entry.Action,
            entry.Target ?? "\u2400",
            entry.Outcome.ToString(),
            entry.Detail ?? "\u2400");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string? Cut(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
