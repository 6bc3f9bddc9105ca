namespace Portal.Core.Data;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public static readonly string AllowedProviders = string.Join(", ", Enum.GetNames<DatabaseProvider>());

    /// <summary>Sqlite (embedded default), SqlServer (production) or PostgreSql.</summary>
    public string? Provider { get; set; }

    /// <summary>Empty for Sqlite means a file portal.db in the data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start-up (on by default; turn off where a DBA applies scripts).</summary>
    public bool ApplyMigrationsOnStart { get; set; } = true;

    /// <summary>Parses <see cref="Provider"/> or throws a message that names the setting and its allowed values.</summary>
    public DatabaseProvider ResolveProvider()
    {
        if (string.IsNullOrWhiteSpace(Provider))
        {
            throw new InvalidOperationException(
                $"The setting '{SectionName}:Provider' is missing. Allowed values: {AllowedProviders}.");
        }

        if (!Enum.TryParse<DatabaseProvider>(Provider.Trim(), ignoreCase: true, out var provider)
            || !Enum.IsDefined(provider) || int.TryParse(Provider, out _))
        {
            throw new InvalidOperationException(
                $"The setting '{SectionName}:Provider' has the value '{Provider}', which is not allowed. Allowed values: " +
                $"{AllowedProviders}.");
        }

        return provider;
    }
}
