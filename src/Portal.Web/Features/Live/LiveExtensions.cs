namespace Portal.Web.Features.Live;

public static class LiveExtensions
{
    /// <summary>Open pages follow runs, scoring jobs and dataset checks as they change, from this process and from worker hosts.</summary>
    public static IHostApplicationBuilder AddPortalLiveChanges(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChangeRelayOptions>().BindConfiguration(ChangeRelayOptions.SectionName);
        builder.Services.AddHostedService<ChangeRelay>();
        return builder;
    }
}
