using Microsoft.EntityFrameworkCore;

namespace Portal.Core.Data;

/// <summary>Provider selection shared by the hosts and the design-time factories of the migrations projects.</summary>
public static class PortalDbContextConfigurator
{
    public static string MigrationsAssembly(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "Portal.Migrations.Sqlite",
        DatabaseProvider.SqlServer => "Portal.Migrations.SqlServer",
        DatabaseProvider.PostgreSql => "Portal.Migrations.PostgreSql",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        var assembly = MigrationsAssembly(provider);
        return provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString, o => o.MigrationsAssembly(assembly)),
            DatabaseProvider.SqlServer => options.UseSqlServer(
                connectionString, o => o.MigrationsAssembly(assembly).EnableRetryOnFailure()),
            DatabaseProvider.PostgreSql => options.UseNpgsql(connectionString, o => o.MigrationsAssembly(assembly)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
    }
}
