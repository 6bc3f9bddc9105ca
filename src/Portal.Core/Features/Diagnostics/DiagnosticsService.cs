using Hangfire;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Diagnostics;

public sealed class DiagnosticsService(IDbContextFactory<PortalDbContext> dbFactory, IBackgroundJobClient jobs, TimeProvider clock)
{
    public async Task<DiagnosticPing> RequestPingAsync(string? userId, string queue, CancellationToken cancellationToken = default)
    {
        var ping = new DiagnosticPing { Id = Guid.NewGuid(), Queue = queue, RequestedBy = userId, RequestedAt = clock.GetUtcNow() };
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.DiagnosticPings.Add(ping);
            await db.SaveChangesAsync(cancellationToken);
        }

        jobs.Enqueue<IDiagnosticJob>(queue, job => job.RunAsync(ping.Id, CancellationToken.None));
        return ping;
    }

    public async Task<DiagnosticPing?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DiagnosticPings.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
    }
}
