namespace Portal.Core.Features.Jobs;

/// <summary>
/// The lease that short background work (file scoring, background dataset checks) holds while a worker does it, like a
/// run's lease (ADR 0009) and as long (Runs:LeaseSeconds): renewed every third of its length, so a worker that dies is
/// noticed within a lease; after Runs:MaxAttempts lost workers the work fails with its reason.
/// </summary>
public static class WorkLease
{
    /// <summary>Calls <paramref name="renew"/> every third of <paramref name="duration"/> until disposed.</summary>
    public static IDisposable KeepRenewing(TimeSpan duration, Action renew) =>
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
        }, null, duration / 3, duration / 3);
}
