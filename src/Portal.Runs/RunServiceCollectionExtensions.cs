using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Runs.Scoring;

namespace Portal.Runs;

public static class RunServiceCollectionExtensions
{
    /// <summary>The run lifecycle: starting, training, reading results and scoring (any host that starts or executes runs).</summary>
    public static IHostApplicationBuilder AddPortalRuns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RunOptions>().BindConfiguration(RunOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<RunDispatcher>();
        builder.Services.AddScoped<RunQuota>();
        builder.Services.AddScoped<RunSubmissionService>();
        builder.Services.AddScoped<RunQueryService>();
        builder.Services.AddTransient<RunExecution>();
        builder.Services.AddTransient<RunLease>();
        builder.Services.AddScoped<RunResultService>();
        builder.Services.AddScoped<ScoringService>();
        return builder;
    }

    /// <summary>The portal re-enqueues waiting runs at start and returns runs whose host vanished to the queue.</summary>
    public static IHostApplicationBuilder AddPortalRunRecovery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<RunRecoveryService>();
        return builder;
    }
}
