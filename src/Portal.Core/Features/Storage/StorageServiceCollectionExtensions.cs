using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Portal.Core.Features.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The artefact store (Storage section); every host that reads datasets or writes models needs the same path.</summary>
    public static IHostApplicationBuilder AddPortalArtefacts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);
        builder.Services.AddSingleton<ArtefactStore>();
        return builder;
    }
}
