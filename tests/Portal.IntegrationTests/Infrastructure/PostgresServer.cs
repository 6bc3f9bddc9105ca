using Portal.Testing;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>One PostgreSQL server (see <see cref="PostgresInstance"/>) for the test classes in <see cref="PostgresCollection"/>.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly PostgresInstance instance = new();

    public int Port => instance.Port;

    public string ConnectionString(string database) => instance.ConnectionString(database);

    public Task InitializeAsync() => instance.StartAsync();

    public Task<string> CreateDatabaseAsync(string prefix) => instance.CreateDatabaseAsync(prefix);

    public async Task DisposeAsync() => await instance.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
