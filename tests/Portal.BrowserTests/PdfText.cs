using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Portal.BrowserTests;

/// <summary>Reads a PDF with poppler's pdftotext and pdfinfo (Debian's poppler-utils; bash .ci/run installs it).</summary>
public static partial class PdfText
{
    /// <summary>The text with every run of white space as one space, so phrases can be found whatever the line breaks.</summary>
    public static async Task<string> ExtractAsync(string pdf) => Spaces().Replace(await RunAsync("pdftotext", $"\"{pdf}\" -"), " ");

    public static async Task<int> PageCountAsync(string pdf) => int.Parse(PagesLine().Match(await RunAsync("pdfinfo", $"\"{pdf}\"")).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> RunAsync(string tool, string arguments)
    {
        ProcessStartInfo start = new(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{tool} was not found. Install it with 'apt-get install -y poppler-utils' (bash .ci/run does).");
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{tool} failed: {await process.StandardError.ReadToEndAsync()}");
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PagesLine();
}
