using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Portal.Core.Data;

namespace Portal.Migrations.Sqlite;

/// <summary>Used only by dotnet-ef to add migrations; no database is contacted.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        PortalDbContextConfigurator.Configure(options, DatabaseProvider.Sqlite, "Data Source=design-time.db");
        return new PortalDbContext(options.Options);
    }
}
