using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Core.Data;

public sealed class DatabaseMigrator(
    IDbContextFactory<PortalDbContext> dbFactory, IOptions<DatabaseOptions> options, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateIfEnabledAsync(CancellationToken cancellationToken = default)
    {
        if (!options.Value.ApplyMigrationsOnStart)
        {
            logger.LogInformation("Database migrations are not applied at start (Database:ApplyMigrationsOnStart=false).");
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets pages read while an upload or a job writes (the journal mode persists in the file).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
    }
}
