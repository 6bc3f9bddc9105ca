using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Portal.Training.Devices;

/// <summary>Finds the device once per process: CUDA when the backend has it and it is wanted, else the CPU.</summary>
public static class DeviceProbe
{
    private static readonly Lazy<TrainingDevice> Cached = new(() => Probe(preferCuda: true), LazyThreadSafetyMode.ExecutionAndPublication);

    public static TrainingDevice Current => Cached.Value;

    public static string Backend =>
        typeof(DeviceProbe).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "cpu";

    public static TrainingDevice Probe(bool preferCuda)
    {
        var torchSharpVersion = typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";
        var cudaCount = torch.cuda.is_available() ? torch.cuda.device_count() : 0;
        if (preferCuda && cudaCount > 0)
        {
            var (name, memory) = QueryNvidiaSmi();
            return new TrainingDevice(
                "cuda", name ?? "CUDA device 0", torch.get_num_threads(), memory, cudaCount, Backend, torchSharpVersion);
        }

        return new TrainingDevice("cpu", CpuName(), torch.get_num_threads(), null, cudaCount, Backend, torchSharpVersion);
    }

    public static torch.Device TorchDevice(TrainingDevice device) => device.IsCuda ? torch.CUDA : torch.CPU;

    private static string CpuName()
    {
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo"))
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                {
                    return line[(line.IndexOf(':') + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
            // fall through to the architecture name
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    // TorchSharp exposes no device name or memory; nvidia-smi ships with every CUDA driver.
    private static (string? Name, long? Memory) QueryNvidiaSmi()
    {
        try
        {
            using var process = Process.Start(
                new ProcessStartInfo("nvidia-smi", "--query-gpu=name,memory.total --format=csv,noheader,nounits")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return (null, null);
            }

            var first = process.StandardOutput.ReadLine();
            process.WaitForExit(5000);
            var parts = first?.Split(',', StringSplitOptions.TrimEntries);
            if (parts is { Length: 2 } && long.TryParse(parts[1], out var mib))
            {
                return (parts[0], mib * 1024 * 1024);
            }

            return (parts?[0], null);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (null, null);
        }
    }
}
