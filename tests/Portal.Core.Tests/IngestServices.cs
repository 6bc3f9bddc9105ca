using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Portal.Core.Data;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Storage;

namespace Portal.Core.Tests;

/// <summary>The dataset services over a real SQLite file and artefact folder in <paramref name="folder"/>, migrated.</summary>
internal static class IngestServices
{
    public static async Task<ServiceProvider> BuildAsync(string folder, Action<DatasetOptions>? configure = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(TimeProvider.System);
        collection.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = folder });
        collection.Configure<StorageOptions>(o => o.DataDirectory = folder);
        collection.Configure<DatasetOptions>(o => configure?.Invoke(o));
        collection.AddDbContextFactory<PortalDbContext>(o => PortalDbContextConfigurator.Configure(o, DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "portal.db")}"));
        collection.AddSingleton<ArtefactStore>();
        collection.AddTransient<DatasetIngestService>();
        collection.AddTransient<Portal.Core.Features.Administration.QuotaService>();
        collection.AddTransient<DatasetEditService>();
        collection.AddTransient<Portal.Core.Features.Access.AccessPolicy>();
        collection.AddTransient<Portal.Core.Features.Projects.ProjectService>();
        collection.AddTransient<DatasetQueryService>();
        collection.AddSingleton<Portal.Core.Features.Audit.AuditSeal>();
        collection.AddScoped<Portal.Core.Features.Audit.AuditSource>();
        collection.AddScoped<Portal.Core.Features.Audit.AuditLog>();
        collection.AddTransient<Portal.Core.Features.Administration.AccountAudit>();
        Directory.CreateDirectory(folder);
        var services = collection.BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
        return services;
    }
}
