namespace Portal.IntegrationTests.Infrastructure;

/// <summary>The production shape on one machine: the settings a portal and its Portal.Worker processes share on PostgreSQL.</summary>
public static class ScaleOut
{
    /// <summary>PostgreSQL for EF Core and Hangfire (polled every 0.2 s), one shared data folder, 6-second leases.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string dataDirectory, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = connectionString,
            ["Hangfire:Storage"] = "PostgreSql",
            ["Hangfire:QueuePollInterval"] = "00:00:00.200",
            ["Storage:DataDirectory"] = dataDirectory,
            ["Runs:LeaseSeconds"] = "6",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A worker process named <paramref name="name"/> taking the cpu queue, with the shared settings and its own.</summary>
    public static WorkerProcess StartWorker(IReadOnlyDictionary<string, string?> shared, string name, IReadOnlyDictionary<string, string>? own = null)
    {
        var settings = new Dictionary<string, string>(shared.Select(p => KeyValuePair.Create(p.Key, p.Value!)))
        {
            ["Worker:Name"] = name,
            ["Worker:Queues"] = "cpu",
        };
        foreach (var (key, value) in own ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return WorkerProcess.Start(settings);
    }
}
