using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Storage;

namespace Portal.Web.Features.Health;

/// <summary>Writes, reads back and deletes a small file in the artefact store.</summary>
public sealed class ArtefactStoreHealthCheck(IOptions<StorageOptions> storage, IWebHostEnvironment environment) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var folder = storage.Value.ResolveArtefactsPath(environment.ContentRootPath);
        var probe = Path.Combine(folder, $".health-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            var back = await File.ReadAllTextAsync(probe, cancellationToken);
            var free = new DriveInfo(Path.GetPathRoot(folder)!).AvailableFreeSpace;
            var data = new Dictionary<string, object> { ["writable"] = back == "ok", ["freeBytes"] = free };
            return back == "ok"
                ? HealthCheckResult.Healthy("The artefact store is writable.", data)
                : HealthCheckResult.Unhealthy("The artefact store did not return what was written.", data: data);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("The artefact store is not writable.", data: new Dictionary<string, object> { ["writable"] = false });
        }
        finally
        {
            try { File.Delete(probe); } catch (IOException) { /* best effort */ }
        }
    }
}
