using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Storage;

namespace Portal.Web.Features.Health;

/// <summary>
/// Writes, reads back and deletes a small file in the artefact store — at most once per
/// <see cref="HealthOptions.StoreCheckSeconds"/>, so that calling /health in a loop cannot keep the disk busy.
/// </summary>
public sealed class ArtefactStoreHealthCheck(
    IOptions<StorageOptions> storage, IOptions<HealthOptions> options, IWebHostEnvironment environment, TimeProvider clock) : IHealthCheck
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            if (last is not { } cached || now - cached.At >= TimeSpan.FromSeconds(options.Value.StoreCheckSeconds))
            {
                last = cached = (await ProbeAsync(now, cancellationToken), now);
            }

            return cached.Result;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var folder = storage.Value.ResolveArtefactsPath(environment.ContentRootPath);
        var probe = Path.Combine(folder, $".health-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            var back = await File.ReadAllTextAsync(probe, cancellationToken);
            var free = new DriveInfo(Path.GetPathRoot(folder)!).AvailableFreeSpace;
            var data = new Dictionary<string, object> { ["writable"] = back == "ok", ["freeBytes"] = free, ["checkedAt"] = now };
            return back == "ok"
                ? HealthCheckResult.Healthy("The artefact store is writable.", data)
                : HealthCheckResult.Unhealthy("The artefact store did not return what was written.", data: data);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var data = new Dictionary<string, object> { ["writable"] = false, ["checkedAt"] = now };
            return HealthCheckResult.Unhealthy("The artefact store is not writable.", data: data);
        }
        finally
        {
            try { File.Delete(probe); } catch (IOException) { /* best effort */ }
        }
    }
}
