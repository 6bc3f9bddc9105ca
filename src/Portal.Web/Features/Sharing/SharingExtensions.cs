using Portal.Core.Features.Sharing;

namespace Portal.Web.Features.Sharing;

public static class SharingExtensions
{
    public static WebApplicationBuilder AddPortalSharing(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SharingOptions>().BindConfiguration(SharingOptions.SectionName);
        builder.Services.AddScoped<ShareService>();
        return builder;
    }
}
