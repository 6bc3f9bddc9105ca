using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Jobs;

namespace Portal.Core.Features.Diagnostics;

public sealed class DiagnosticsService(
    IDbContextFactory<PortalDbContext> dbFactory, IBackgroundWork work, Audit.AuditLog audit, TimeProvider clock)
{
    public async Task<DiagnosticPing> RequestPingAsync(string? userId, string queue, CancellationToken cancellationToken = default)
    {
        var ping = new DiagnosticPing { Id = Guid.NewGuid(), Queue = queue, RequestedBy = userId, RequestedAt = clock.GetUtcNow() };
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.DiagnosticPings.Add(ping);
            await db.SaveChangesAsync(cancellationToken);
        }

        work.Ping(ping.Id, queue);
        await audit.RecordAsync(
            Audit.AuditActions.DiagnosticPing, userId, ping.Id.ToString(), true, queue, cancellationToken: cancellationToken);
        return ping;
    }

    public async Task<DiagnosticPing?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DiagnosticPings.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    /// <summary>Polls until a worker has answered or the timeout passes; returns the last state seen.</summary>
    public async Task<DiagnosticPing?> WaitForAnswerAsync(Guid id, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = clock.GetUtcNow() + timeout;
        while (true)
        {
            var ping = await FindAsync(id, cancellationToken);
            if (ping?.CompletedAt is not null || clock.GetUtcNow() >= deadline)
            {
                return ping;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, cancellationToken);
        }
    }
}
