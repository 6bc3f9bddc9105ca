using Portal.Cli;

// concordia <command> …  — see CliApp for the commands, README for the walk-through.
var connection = Connection.From(args, Environment.GetEnvironmentVariable);
using var http = new HttpClient { BaseAddress = connection.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
if (connection.Token is { } token)
{
    http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
}

if (connection.Token is null && connection.Arguments.Count > 0 && connection.Arguments[0] is not ("help" or "--help" or "-h"))
{
    Console.Error.WriteLine(CliText.Get("NoToken"));
    return 2;
}

var console = new CliConsole(Console.Out, Console.Error, !Console.IsOutputRedirected);
return await new CliApp(new PortalClient(http), console).RunAsync(connection.Arguments);
