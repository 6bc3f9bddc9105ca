namespace Portal.Cli;

/// <summary>What the client writes: results on standard output, problems on standard error, a redrawn progress bar on a terminal
/// (one line per change when the output goes to a file or a pipe).</summary>
public sealed class CliConsole(TextWriter output, TextWriter error, bool interactive)
{
    private string? lastProgress;

    public void Line(string text) => output.WriteLine(text);

    public void Problem(string text) => error.WriteLine(text);

    public void Progress(string text)
    {
        if (text == lastProgress)
        {
            return;
        }

        if (interactive)
        {
            output.Write("\r" + text.PadRight(Math.Max(lastProgress?.Length ?? 0, text.Length)));
        }
        else
        {
            output.WriteLine(text);
        }

        lastProgress = text;
    }

    public void EndProgress()
    {
        if (interactive && lastProgress is not null)
        {
            output.WriteLine();
        }

        lastProgress = null;
    }
}
