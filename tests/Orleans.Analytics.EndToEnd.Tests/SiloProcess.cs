using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.EndToEnd.Tests;

/// <summary>
/// The silo as its own process (<c>dotnet Orleans.Analytics.Silo.dll</c> from the silo project's build output), for
/// what only a process shows: its environment variables (<c>ASPNETCORE_URLS</c>, ...) and everything it writes.
/// The test's own URL settings are not inherited; the caller gives the environment the silo sees.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    // Settings of the test process that would otherwise leak into the silo's: which addresses it listens on.
    private static readonly string[] Inherited = ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "URLS"];

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything the process wrote to its standard output and error so far.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public static SiloProcess Start(IEnumerable<string> args, IDictionary<string, string> environment)
    {
        var silo = SiloAssembly();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(silo)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(silo);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => Inherited.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new SiloProcess(Process.Start(start)!);
    }

    /// <summary>The command-line arguments of a silo on free Orleans ports, reading the test's Kafka, with only the event processor.</summary>
    public static List<string> Arguments(string bootstrapServers, IReadOnlyDictionary<string, string> settings)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Orleans:SiloPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = "process-" + Guid.NewGuid().ToString("N"),
            ["Demo:Enabled"] = "false",
            ["Jobs:Analytics:Enabled"] = "false",
            ["Tda:Enabled"] = "false",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return [.. values.Select(v => $"--{v.Key}={v.Value}")];
    }

    /// <summary>Waits until <c>/healthz</c> answers at <paramref name="address"/>; fails early when the process exits.</summary>
    public async Task WaitUntilServingAsync(Uri address, TimeSpan patience)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with {_process.ExitCode} before it served {address}.{Environment.NewLine}{Output}");
            }

            try
            {
                using var answer = await http.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening there (yet).
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // A slow answer while the silo starts.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The silo did not serve {address} in time.{Environment.NewLine}{Output}");
            }

            // Polling with a deadline: a process gives no other signal that it listens.
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits for the process to exit by itself; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan patience)
    {
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(patience, TestContext.Current.CancellationToken);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Whether anything accepts connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }


    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static string SiloAssembly()
    {
        // The test runs from tests/<project>/bin/<Configuration>/<tfm>/; the silo was built to the same place of its project.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepositoryRoot(), "src", "Orleans.Analytics.Silo", "bin", output.Parent!.Name, output.Name, "Orleans.Analytics.Silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {path} is missing.", path);
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.Analytics.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Orleans.Analytics.sln above {AppContext.BaseDirectory}.");
    }
}
