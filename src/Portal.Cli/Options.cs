namespace Portal.Cli;

/// <summary>A usage mistake: what is missing or malformed, said to the user with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>A command's words after its name: positional values, <c>--name value</c> options (repeatable) and <c>--flag</c>s.</summary>
public sealed class Options
{
    private static readonly HashSet<string> Flags = ["wait"];
    private readonly List<string> positional = [];
    private readonly List<(string Name, string Value)> named = [];
    private readonly HashSet<string> flags = [];

    public static Options Parse(IReadOnlyList<string> words)
    {
        var options = new Options();
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = words[i][2..];
                if (Flags.Contains(name))
                {
                    options.flags.Add(name);
                }
                else if (i + 1 < words.Count)
                {
                    options.named.Add((name, words[++i]));
                }
                else
                {
                    throw new UsageException(CliText.Get("Missing", words[i], "<value>"));
                }
            }
            else
            {
                options.positional.Add(words[i]);
            }
        }

        return options;
    }

    public string Required(int index, string command, string what) =>
        index < positional.Count ? positional[index] : throw new UsageException(CliText.Get("Missing", command, what));

    public string? Value(string name) => named.LastOrDefault(n => n.Name == name).Value;

    public IEnumerable<string> Values(string name) => named.Where(n => n.Name == name).Select(n => n.Value);

    public bool Flag(string name) => flags.Contains(name);
}
