using TorchSharp;

namespace Portal.Training.Devices;

/// <summary>
/// How many CPU threads libtorch uses for one training. Left alone, libtorch takes every core, and on a host where
/// the web server or a second training is busy its threads spin at OpenMP barriers (an epoch of 0.03 s took 2 s).
/// </summary>
public static class TrainingThreads
{
    /// <summary>The configured count, or the host's cores shared among its training slots.</summary>
    public static int For(int configured, int trainingSlots) =>
        configured > 0 ? configured : Math.Max(1, Environment.ProcessorCount / Math.Max(1, trainingSlots));

    /// <summary>
    /// Sets the intra-op threads of the calling thread's work (OpenMP counts them per thread): call it on the
    /// training thread.
    /// </summary>
    public static void Apply(int threads) => torch.set_num_threads(threads);
}
