using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Core.Data;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresServer postgres)
{
    public static TheoryData<string> Providers => ["Sqlite", "SqlServer", "PostgreSql"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Each_provider_has_migrations_for_the_whole_model(string provider)
    {
        using var db = DesignTime(provider);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The model has changes without a {provider} migration: run scripts/add-migration.sh <Name>.");
    }

    [Fact]
    public async Task The_running_portal_model_matches_its_migrations()
    {
        await using var factory = new PortalFactory();
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public void Sql_server_migrations_produce_an_idempotent_script()
    {
        using var db = DesignTime("SqlServer");
        var migrator = db.GetService<IMigrator>();

        var script = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL", script);
        foreach (var migration in db.Database.GetMigrations())
        {
            Assert.Contains($"WHERE [MigrationId] = N'{migration}'", script);
        }

        Assert.Contains("CREATE TABLE [AspNetUsers]", script);
        Assert.Contains("CREATE TABLE [DiagnosticPings]", script);
    }

    [Fact]
    public async Task Postgresql_migrations_apply_to_a_real_postgresql_server()
    {
        var connectionString = await postgres.CreateDatabaseAsync("migrations");
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        PortalDbContextConfigurator.Configure(options, DatabaseProvider.PostgreSql, connectionString);
        await using var db = new PortalDbContext(options.Options);

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('AspNetUsers','AspNetRoles','DiagnosticPings')", connection);
        Assert.Equal(3L, await command.ExecuteScalarAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }

    private static PortalDbContext DesignTime(string provider)
    {
        var factoryType = Type.GetType($"Portal.Migrations.{provider}.DesignTimeDbContextFactory, Portal.Migrations.{provider}", throwOnError: true)!;
        var factory = (IDesignTimeDbContextFactory<PortalDbContext>)Activator.CreateInstance(factoryType)!;
        return factory.CreateDbContext([]);
    }
}
