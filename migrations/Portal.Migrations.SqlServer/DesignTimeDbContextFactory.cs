using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Portal.Core.Data;

namespace Portal.Migrations.SqlServer;

/// <summary>Used only by dotnet-ef to add migrations; no database is contacted.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        PortalDbContextConfigurator.Configure(options, DatabaseProvider.SqlServer, "Server=(localdb)\\mssqllocaldb;Database=Concordia;Trusted_Connection=True");
        return new PortalDbContext(options.Options);
    }
}
