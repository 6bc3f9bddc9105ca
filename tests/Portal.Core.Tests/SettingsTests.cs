using Portal.Core.Data;
using Portal.Core.Features.Jobs;
using Portal.Core.Features.Storage;

namespace Portal.Core.Tests;

public class SettingsTests
{
    [Theory]
    [InlineData("Sqlite", DatabaseProvider.Sqlite)]
    [InlineData("sqlserver", DatabaseProvider.SqlServer)]
    [InlineData(" PostgreSql ", DatabaseProvider.PostgreSql)]
    public void Database_provider_is_read_case_insensitively(string value, DatabaseProvider expected) =>
        Assert.Equal(expected, new DatabaseOptions { Provider = value }.ResolveProvider());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MySql")]
    [InlineData("2")]
    public void Missing_or_unknown_database_provider_names_the_setting_and_the_allowed_values(string? value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new DatabaseOptions { Provider = value }.ResolveProvider());

        Assert.Contains("'Database:Provider'", error.Message);
        Assert.Contains("Sqlite, SqlServer, PostgreSql", error.Message);
    }

    [Fact]
    public void Server_providers_need_a_connection_string()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            DatabaseServiceCollectionExtensions.ResolveConnectionString(new DatabaseOptions(), DatabaseProvider.PostgreSql, new StorageOptions(), Path.GetTempPath()));

        Assert.Contains("'Database:ConnectionString'", error.Message);
    }

    [Fact]
    public void Embedded_database_and_artefacts_live_in_the_data_folder_beside_the_app()
    {
        var root = Path.Combine(Path.GetTempPath(), "concordia-settings-" + Guid.NewGuid().ToString("N"));
        var storage = new StorageOptions();

        var connection = DatabaseServiceCollectionExtensions.ResolveConnectionString(new DatabaseOptions(), DatabaseProvider.Sqlite, storage, root);

        Assert.Contains(Path.Combine(root, "data", "portal.db"), connection);
        Assert.Equal(Path.Combine(root, "data", "artefacts"), storage.ResolveArtefactsPath(root));
        Assert.True(Directory.Exists(Path.Combine(root, "data")));
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void Worker_queues_are_a_comma_separated_list()
    {
        var worker = new WorkerOptions { Queues = " gpu, cpu ,,default" };

        Assert.Equal(["gpu", "cpu", "default"], worker.QueueList);
        Assert.True(worker.QueueList.All(JobQueues.IsValidName));
        Assert.False(JobQueues.IsValidName("GPU"));
        Assert.False(JobQueues.IsValidName("gpu queue"));
    }
}
