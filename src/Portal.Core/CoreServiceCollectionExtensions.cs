using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portal.Core.Data;
using Portal.Core.Features.Access;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Administration;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Changes;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Diagnostics;
using Portal.Core.Features.Projects;
using Portal.Core.Features.Sharing;
using Portal.Core.Features.Storage;

namespace Portal.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Everything Portal.Core offers, registered once for every host (portal and worker): the database, the artefact
    /// store, the audit log, the one access policy, and the feature services. Background work needs an
    /// <see cref="Features.Jobs.IBackgroundWork"/>, which the job engine registers.
    /// </summary>
    public static IHostApplicationBuilder AddPortalCore(this IHostApplicationBuilder builder)
    {
        builder.AddPortalDatabase();
        builder.AddPortalArtefacts();
        builder.AddPortalAudit();
        builder.AddPortalDatasets();

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ChangeFeed>();
        services.AddScoped<AccessPolicy>();
        services.AddScoped<QuotaService>();
        services.AddScoped<ProjectService>();
        services.AddScoped<AccessTokenService>();
        services.AddScoped<UsageService>();
        services.AddScoped<AccountAudit>();
        services.AddScoped<UserDirectoryService>();
        services.AddScoped<DiagnosticsService>();
        services.AddOptions<SharingOptions>().BindConfiguration(SharingOptions.SectionName);
        services.AddScoped<ShareService>();
        return builder;
    }
}
