using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portal.Core.Features.Runs;

namespace Portal.Jobs.Runs;

public static class RunServiceCollectionExtensions
{
    /// <summary>Submitting and reading runs, and the training job itself (any host that enqueues or executes).</summary>
    public static IHostApplicationBuilder AddPortalRuns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RunOptions>().BindConfiguration(RunOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<RunDispatcher>();
        builder.Services.TryAddScoped<Portal.Core.Features.Access.AccessPolicy>();
        builder.Services.TryAddScoped<Portal.Core.Features.Administration.QuotaService>();
        builder.Services.TryAddScoped<Portal.Core.Features.Projects.ProjectService>();
        builder.Services.AddScoped<RunQuota>();
        builder.Services.AddScoped<RunSubmissionService>();
        builder.Services.AddScoped<RunQueryService>();
        builder.Services.AddTransient<TrainingJob>();
        builder.Services.AddTransient<RunLease>();
        builder.Services.AddScoped<Results.RunResultService>();
        builder.Services.AddScoped<Results.ScoringService>();
        return builder;
    }

    /// <summary>The portal re-enqueues waiting runs at start and returns runs whose host vanished to the queue.</summary>
    public static IHostApplicationBuilder AddPortalRunRecovery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<RunRecoveryService>();
        builder.Services.AddHostedService<Hosting.WorkRecoveryService>();
        return builder;
    }
}
