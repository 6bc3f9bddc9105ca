using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Portal.Testing;

/// <summary>
/// A throw-away PostgreSQL server from the Debian packages (postgresql-15), started in a temporary folder on a free
/// loopback port, so the tests need no system service and leave nothing behind. As root it runs as the postgres user,
/// because PostgreSQL refuses to run as root. Shared by the integration tests and the benchmarks (linked source).
/// </summary>
public sealed class PostgresInstance : IAsyncDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"concordia-pg-{Guid.NewGuid():N}");
    private string binaries = string.Empty;

    public int Port { get; private set; }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true }.ToString();

    public async Task StartAsync()
    {
        binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d).Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl"))) ?? string.Empty
            : string.Empty;
        if (binaries.Length == 0)
        {
            throw new InvalidOperationException(
                "PostgreSQL server binaries were not found under /usr/lib/postgresql. Install them with 'apt-get install -y postgresql' (bash .ci/run does this).");
        }

        Port = FreePort();
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(folder);
        if (IsRoot)
        {
            await RunAsync("chown", $"postgres:postgres {folder}");
        }

        await RunAsPostgresAsync("initdb", $"-D {data} -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8");
        await RunAsPostgresAsync("pg_ctl", $"-D {data} -l {folder}/server.log -w -t 60 -o \"-p {Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start");
    }

    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (binaries.Length > 0 && Directory.Exists(Path.Combine(folder, "data")))
        {
            await RunAsPostgresAsync("pg_ctl", $"-D {folder}/data -m immediate -w stop", throwOnError: false);
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // left for the temp cleaner
        }
    }

    private static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    private Task RunAsPostgresAsync(string tool, string arguments, bool throwOnError = true) =>
        IsRoot
            ? RunAsync("runuser", $"-u postgres -- {Path.Combine(binaries, tool)} {arguments}", throwOnError)
            : RunAsync(Path.Combine(binaries, tool), arguments, throwOnError);

    private async Task RunAsync(string file, string arguments, bool throwOnError = true)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && throwOnError)
        {
            var log = Path.Combine(folder, "server.log");
            throw new InvalidOperationException(
                $"'{file} {arguments}' failed ({process.ExitCode}): {await output}{await error}{(File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty)}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
