using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Data;
using Portal.Core.Features.Jobs;

namespace Portal.Jobs.Hosting;

public static class JobEngineExtensions
{
    /// <summary>Hangfire client and storage (Hangfire:Storage), the jobs, and IBackgroundWork over them. Call after
    /// AddPortalCore.</summary>
    public static IHostApplicationBuilder AddPortalJobEngine(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobEngineOptions.SectionName).Get<JobEngineOptions>() ?? new JobEngineOptions();
        builder.Services.AddOptions<JobEngineOptions>().BindConfiguration(JobEngineOptions.SectionName);
        builder.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName)
            .Validate(w => w.QueueList.Length > 0 && w.QueueList.All(JobQueues.IsValidName),
                "Worker:Queues must name at least one queue; names use lower-case letters, digits, '_' and '-'.")
            .Validate(w => w.WorkerCount is >= 1 and <= 64, "Worker:WorkerCount must be between 1 and 64.")
            .ValidateOnStart();

        builder.Services.AddHangfire((services, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();

            var connectionString = string.IsNullOrWhiteSpace(options.ConnectionString)
                ? services.GetRequiredService<ResolvedDatabase>().ConnectionString
                : options.ConnectionString;

            switch (options.Storage)
            {
                case JobStorageKind.InMemory:
                    config.UseInMemoryStorage();
                    break;
                case JobStorageKind.SqlServer:
                    config.UseSqlServerStorage(connectionString, new SqlServerStorageOptions
                    {
                        PrepareSchemaIfNecessary = true,
                        QueuePollInterval = TimeSpan.Zero,
                        SlidingInvisibilityTimeout = TimeSpan.FromMinutes(5),
                    });
                    break;
                case JobStorageKind.PostgreSql:
                    config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
                    {
                        PrepareSchemaIfNecessary = true,
                        QueuePollInterval = options.QueuePollInterval,
                    });
                    break;
                default:
                    throw new InvalidOperationException(
                        $"The setting '{JobEngineOptions.SectionName}:Storage' must be one of " +
                        $"{string.Join(", ", Enum.GetNames<JobStorageKind>())}.");
            }
        });

        builder.Services.AddSingleton<IBackgroundWork, HangfireBackgroundWork>();
        builder.Services.AddTransient<TrainingJob>();
        builder.Services.AddTransient<ScoringJob>();
        builder.Services.AddTransient<DatasetCheckJob>();
        builder.Services.AddTransient<DiagnosticJob>();
        return builder;
    }

    /// <summary>The portal returns file scorings and dataset checks whose worker vanished to the queue (ADR 0012).</summary>
    public static IHostApplicationBuilder AddPortalWorkRecovery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<WorkRecoveryService>();
        return builder;
    }

    /// <summary>A Hangfire server on this host, taking the queues in Worker:Queues; reports the training device at start.</summary>
    public static IHostApplicationBuilder AddPortalJobServer(this IHostApplicationBuilder builder)
    {
        var worker = builder.Configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>() ?? new WorkerOptions();
        builder.Services.AddHangfireServer(server =>
        {
            server.ServerName = worker.ResolveName(); // Hangfire appends ":pid:guid"
            server.Queues = worker.QueueList;
            server.WorkerCount = worker.WorkerCount;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });
        if (worker.InteractiveWorkerCount > 0)
        {
            builder.Services.AddHangfireServer(server =>
            {
                server.ServerName = worker.ResolveName() + "-interactive";
                server.Queues = [JobQueues.Interactive];
                server.WorkerCount = worker.InteractiveWorkerCount;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            });
        }

        builder.Services.AddHostedService<DeviceReportService>();
        builder.Services.AddHostedService<HostHeartbeatService>();
        return builder;
    }
}
