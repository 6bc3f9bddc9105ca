using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Portal.Core.Features.Jobs;

namespace Portal.Jobs.Hosting;

public static class WorkerHostExtensions
{
    /// <summary>
    /// A separate worker cannot share in-memory job storage with the portal; refuse to start rather than
    /// silently take jobs no portal can see.
    /// </summary>
    public static IHostApplicationBuilder AddPortalWorkerHost(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobEngineOptions.SectionName).Get<JobEngineOptions>() ?? new JobEngineOptions();
        if (options.Storage == JobStorageKind.InMemory)
        {
            throw new InvalidOperationException(
                $"Portal.Worker needs shared job storage: set '{JobEngineOptions.SectionName}:Storage' to SqlServer or PostgreSql " +
                "(InMemory only works inside the portal, Worker:InProcess=true).");
        }

        return builder;
    }
}
