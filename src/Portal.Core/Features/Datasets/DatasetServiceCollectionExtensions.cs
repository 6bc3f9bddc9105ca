using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Portal.Core.Features.Datasets;

public static class DatasetServiceCollectionExtensions
{
    /// <summary>Uploading, checking, reading and editing datasets (the artefact store comes from AddPortalArtefacts).</summary>
    public static IHostApplicationBuilder AddPortalDatasets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatasetOptions>().BindConfiguration(DatasetOptions.SectionName).ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<DatasetIngestService>();
        builder.Services.AddScoped<DatasetQueryService>();
        builder.Services.AddScoped<DatasetEditService>();
        builder.Services.AddScoped<DatasetCheckService>();
        return builder;
    }
}
