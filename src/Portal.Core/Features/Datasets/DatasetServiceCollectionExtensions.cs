using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portal.Core.Features.Storage;

namespace Portal.Core.Features.Datasets;

public static class DatasetServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddPortalDatasets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatasetOptions>().BindConfiguration(DatasetOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ArtefactStore>();
        builder.Services.AddScoped<DatasetIngestService>();
        builder.Services.TryAddScoped<Administration.QuotaService>();
        builder.Services.TryAddScoped<Access.AccessPolicy>();
        builder.Services.TryAddScoped<Projects.ProjectService>();
        builder.Services.AddScoped<DatasetQueryService>();
        builder.Services.AddScoped<DatasetEditService>();
        builder.Services.AddTransient<DatasetCheckJob>();
        return builder;
    }
}
