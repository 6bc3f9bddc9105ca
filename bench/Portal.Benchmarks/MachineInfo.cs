using System.Runtime.InteropServices;
using Portal.Training.Devices;

namespace Portal.Benchmarks;

internal static class MachineInfo
{
    public static string Describe()
    {
        var device = DeviceProbe.Probe(preferCuda: false);
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{RuntimeInformation.OSDescription}, {device.Name}, {Environment.ProcessorCount} cores, {memory:0} GiB, .NET {Environment.Version}, TorchSharp {device.TorchSharpVersion} ({device.TorchBackend})";
    }
}
