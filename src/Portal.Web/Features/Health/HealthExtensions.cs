using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Core.Data;

namespace Portal.Web.Features.Health;

public static class HealthExtensions
{
    public static WebApplicationBuilder AddPortalHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database")
            .AddCheck<ArtefactStoreHealthCheck>("artefact-store")
            .AddCheck<JobEngineHealthCheck>("job-engine")
            .AddCheck<TrainingDeviceHealthCheck>("training-device");
        return builder;
    }

    /// <summary>GET /health: JSON for machines, open to anonymous callers, never containing secrets or paths.</summary>
    public static IEndpointRouteBuilder MapPortalHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = WriteJsonAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous().DisableHttpMetrics();
        return endpoints;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description ?? (e.Value.Exception is null ? null : "check failed"),
                    durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                    data = e.Value.Data.Count == 0 ? null : e.Value.Data,
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
