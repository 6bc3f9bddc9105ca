using System.Diagnostics;

namespace Portal.Benchmarks;

internal static class PythonRunner
{
    /// <summary>Runs a script from the python folder beside this program and returns its standard output.</summary>
    public static string Run(string python, string script, params string[] arguments)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "python", script);
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {error.Result}\nInstall Debian's python3-sklearn and python3-torch (apt-get install python3-sklearn python3-torch).");
        }

        return output.Result;
    }
}
