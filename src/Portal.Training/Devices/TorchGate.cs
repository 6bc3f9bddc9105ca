namespace Portal.Training.Devices;

/// <summary>
/// libtorch's random generator is global to the process: two trainings reseeding it at once would make both
/// irreproducible. Everything that seeds and trains takes this gate, so a process trains one thing at a time
/// (a worker host trains one run at a time anyway).
/// </summary>
public static class TorchGate
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static T Run<T>(Func<T> work, CancellationToken cancellationToken)
    {
        Gate.Wait(cancellationToken);
        try
        {
            return work();
        }
        finally
        {
            Gate.Release();
        }
    }
}
