using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Features.Storage;

namespace Portal.Core.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PortalDbContext"/> (a factory for Blazor circuits and jobs, and a scoped context for Identity)
    /// on the provider named by Database:Provider. A missing or unknown provider stops start-up here.
    /// </summary>
    public static IHostApplicationBuilder AddPortalDatabase(this IHostApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var provider = database.ResolveProvider();
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var connectionString = ResolveConnectionString(database, provider, storage, builder.Environment.ContentRootPath);

        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName);
        builder.Services.AddSingleton(new ResolvedDatabase(provider, connectionString));
        builder.Services.AddDbContextFactory<PortalDbContext>(options =>
            PortalDbContextConfigurator.Configure(options, provider, connectionString));
        builder.Services.AddScoped<DatabaseMigrator>();
        return builder;
    }

    public static string ResolveConnectionString(
        DatabaseOptions database, DatabaseProvider provider, StorageOptions storage, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(database.ConnectionString))
        {
            return database.ConnectionString;
        }

        if (provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException(
                $"The setting '{DatabaseOptions.SectionName}:ConnectionString' is required when '{DatabaseOptions.SectionName}:Provider' " +
                $"is {provider}.");
        }

        var folder = storage.ResolveDataDirectory(contentRoot);
        Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "portal.db") }.ToString();
    }
}

/// <summary>The provider and connection string this process actually uses (never shown to users).</summary>
public sealed record ResolvedDatabase(DatabaseProvider Provider, string ConnectionString);
