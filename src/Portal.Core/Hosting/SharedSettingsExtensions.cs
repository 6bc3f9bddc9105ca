using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Portal.Core.Hosting;

public static class SharedSettingsExtensions
{
    public const string FileName = "appsettings.shared.json";

    /// <summary>
    /// Puts the repository's root appsettings.json (copied beside each host as appsettings.shared.json) underneath
    /// the host's own appsettings files, so both hosts share defaults and each may override them; environment
    /// variables and the command line still override everything.
    /// </summary>
    public static IConfigurationManager AddSharedPortalSettings(this IConfigurationManager configuration)
    {
        var folder = AppContext.BaseDirectory;
        var source = new JsonConfigurationSource
        {
            Path = FileName,
            Optional = true,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(folder),
        };

        var sources = configuration.Sources;
        var firstJson = sources.Select((s, i) => (s, i)).FirstOrDefault(p => p.s is JsonConfigurationSource).i;
        sources.Insert(sources.Any(s => s is JsonConfigurationSource) ? firstJson : 0, source);
        return configuration;
    }
}
