namespace Portal.Training.Devices;

/// <summary>What a host trains on. <see cref="Kind"/> is "cpu" or "cuda".</summary>
public sealed record TrainingDevice(
    string Kind,
    string Name,
    int CpuThreads,
    long? MemoryBytes,
    int CudaDeviceCount,
    string TorchBackend,
    string TorchSharpVersion)
{
    public bool IsCuda => Kind == "cuda";

    public string Describe() => IsCuda
        ? $"CUDA: {Name}" + (MemoryBytes is { } m ? $", {m / (1024 * 1024 * 1024.0):0.#} GiB" : string.Empty)
        : $"CPU: {Name}, {CpuThreads} threads";
}
