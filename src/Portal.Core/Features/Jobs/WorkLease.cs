namespace Portal.Core.Features.Jobs;

/// <summary>
/// The lease that short background work (file scoring, background dataset checks) holds while a worker does it, like a
/// run's lease (ADR 0009): renewed every third of its length, so a worker that dies is noticed within a lease.
/// </summary>
public static class WorkLease
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    /// <summary>Three lost workers and the work fails with its reason instead of being tried again.</summary>
    public const int MaxAttempts = 3;

    /// <summary>Calls <paramref name="renew"/> every third of the lease until disposed.</summary>
    public static IDisposable KeepRenewing(Action renew) =>
        new Timer(_ =>
        {
            try
            {
                renew();
            }
            catch (Exception)
            {
                // A missed renewal is retried at the next tick; the lease only lapses if the worker is really gone.
            }
        }, null, Duration / 3, Duration / 3);
}
