using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Portal.Core.Features.Audit;

public static class AuditServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddPortalAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditSeal>();
        builder.Services.AddScoped<AuditSource>();
        builder.Services.AddScoped<AuditLog>();
        return builder;
    }
}
