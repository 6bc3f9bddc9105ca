using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("", "is missing")]
    [InlineData("Oracle", "has the value 'Oracle', which is not allowed")]
    [InlineData("1", "has the value '1', which is not allowed")]
    public async Task Missing_or_malformed_database_provider_stops_start_up_naming_the_setting_and_allowed_values(string provider, string detail)
    {
        await using var factory = new PortalFactory(new Dictionary<string, string?> { ["Database:Provider"] = provider });

        var error = Assert.Throws<InvalidOperationException>(() => factory.Services);

        Assert.Contains("'Database:Provider'", error.Message);
        Assert.Contains(detail, error.Message);
        Assert.Contains("Allowed values: Sqlite, SqlServer, PostgreSql", error.Message);
        Assert.False(File.Exists(Path.Combine(factory.DataDirectory, "portal.db")));
    }

    [Fact]
    public async Task Separate_workers_with_in_memory_job_storage_are_refused_at_start()
    {
        await using var factory = new PortalFactory(new Dictionary<string, string?> { ["Worker:InProcess"] = "false", ["Hangfire:Storage"] = "InMemory" });

        var error = Assert.Throws<InvalidOperationException>(() => factory.Services);

        Assert.Contains("Hangfire:Storage", error.Message);
    }

    [Fact]
    public async Task The_embedded_database_is_a_file_in_the_data_folder()
    {
        await using var factory = new PortalFactory();

        _ = factory.Services;

        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "portal.db")));
    }
}
