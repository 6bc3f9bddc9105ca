using Microsoft.Extensions.Logging;

namespace Portal.Core.Hosting;

/// <summary>
/// The loop both recovery services run: a sweep at start that also re-enqueues what was waiting (in-memory job
/// storage forgets its queue), then a sweep every interval; a failed sweep is logged and tried again next time.
/// </summary>
public static class RecoveryLoop
{
    public static async Task RunAsync(
        Func<bool, CancellationToken, Task> sweep, TimeSpan interval, TimeProvider clock, ILogger logger, string what,
            CancellationToken stoppingToken)
    {
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sweep(first, stoppingToken);
                first = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The {What} recovery sweep failed; trying again in {Interval}.", what, interval);
            }

            await Task.Delay(interval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
