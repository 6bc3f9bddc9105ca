namespace Portal.Cli;

/// <summary>Where the portal is and who calls it: <c>--url</c>/<c>CONCORDIA_URL</c>, <c>--token</c>/<c>CONCORDIA_TOKEN</c>.</summary>
public sealed record Connection(Uri BaseAddress, string? Token, IReadOnlyList<string> Arguments)
{
    public const string DefaultUrl = "http://localhost:5080/";

    public static Connection From(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var rest = new List<string>();
        string? url = null, token = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--url" && i + 1 < args.Count)
            {
                url = args[++i];
            }
            else if (args[i] == "--token" && i + 1 < args.Count)
            {
                token = args[++i];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        url ??= environment("CONCORDIA_URL") ?? DefaultUrl;
        token ??= environment("CONCORDIA_TOKEN");
        return new Connection(new Uri(url.EndsWith('/') ? url : url + "/"), string.IsNullOrWhiteSpace(token) ? null : token, rest);
    }
}
