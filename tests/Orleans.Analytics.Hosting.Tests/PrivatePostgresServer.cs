using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>
/// A PostgreSQL server of the test's own (initdb into a temporary folder, on a free port, trust authentication on
/// loopback), so that a test may stop and start it without disturbing the server other tests share. The binaries are
/// those of the machine's PostgreSQL (<c>/usr/lib/postgresql/&lt;version&gt;/bin</c>); as root the server runs as
/// the <c>postgres</c> user, as PostgreSQL requires.
/// </summary>
internal sealed class PrivatePostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _data;

    private PrivatePostgresServer(string bin, string data, int port)
    {
        _bin = bin;
        _data = data;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Connects to the server's <c>postgres</c> database as its superuser.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres";

    public static async Task<PrivatePostgresServer> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order(StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("No PostgreSQL binaries under /usr/lib/postgresql; run scripts/install-test-deps.sh.");
        var data = Path.Combine(Path.GetTempPath(), "pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(data);
        await RunAsync("chown", "postgres:postgres", data);
        var server = new PrivatePostgresServer(bin, data, TestPorts.Free());
        await server.AsPostgresAsync("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Stops the server at once (connections are cut, as when a database host restarts).</summary>
    public Task StopAsync() => AsPostgresAsync("pg_ctl", "-D", _data, "-m", "fast", "-w", "stop");

    /// <summary>Starts the (stopped) server again on the same port and data.</summary>
    public Task StartAgainAsync() =>
        AsPostgresAsync("pg_ctl", "-D", _data, "-w", "-t", "60", "-l", Path.Combine(_data, "server.log"),
            "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_data} -c listen_addresses=127.0.0.1 -c fsync=off", "start");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsPostgresAsync("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_data, recursive: true);
    }

    private Task AsPostgresAsync(string tool, params string[] arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

}
