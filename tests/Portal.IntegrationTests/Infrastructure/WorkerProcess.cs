using System.Collections.Concurrent;
using System.Diagnostics;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>Portal.Worker started as its own process, as on a worker host, with settings passed as environment variables.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private WorkerProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output => string.Join(Environment.NewLine, output);

    public bool HasExited => process.HasExited;

    public static WorkerProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{WorkerAssembly()}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(WorkerAssembly())!,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return new WorkerProcess(Process.Start(start)!);
    }

    private static string WorkerAssembly()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Portal.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("Portal.sln not found above the test output folder.");
        }

        // Same configuration as this test build (Debug or Release): bin/<Configuration>/net10.0/
        var configuration = here.Parent!.Name;
        var path = Path.Combine(root.FullName, "src", "Portal.Worker", "bin", configuration, "net10.0", "Portal.Worker.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Portal.Worker has not been built.", path);
    }

    /// <summary>As a crash or a pulled plug: no shutdown, no chance to release anything.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
