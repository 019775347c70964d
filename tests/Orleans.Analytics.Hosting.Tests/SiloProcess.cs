using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>
/// The silo as its own process (<c>dotnet Orleans.Analytics.Silo.dll</c> from the silo project's build output), with
/// its configuration on the command line, its output kept for diagnostics, and an HTTP client for its endpoints.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    public static SiloProcess Start(string name, IDictionary<string, string?> settings)
    {
        var silo = SiloAssembly();
        var port = TestPorts.Free();
        var values = new Dictionary<string, string?>(settings)
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Orleans:SiloPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
        };
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(silo)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(silo);
        foreach (var (key, value) in values)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information";
        return new SiloProcess(name, Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Waits for <c>/ready</c> to answer 200, failing early if the process exits.</summary>
    public async Task WaitUntilReadyAsync(DateTime deadline)
    {
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was ready.{Environment.NewLine}{Output()}");
            }

            try
            {
                using var ready = await Http.GetAsync(new Uri("/ready", UriKind.Relative), TestContext.Current.CancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // A slow answer while the silo starts.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} was not ready in time.{Environment.NewLine}{Output()}");
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// The partitions of <paramref name="topic"/> this silo reads now, from its log: the Kafka provider logs
    /// "Reading topic[p]" when the queue balancer gives it a partition and "Released topic[p]" when it moves away.
    /// </summary>
    public HashSet<int> HeldPartitions(string topic)
    {
        var held = new HashSet<int>();
        foreach (var line in _output)
        {
            if (Partition(line, "Reading " + topic + "[") is { } reading)
            {
                held.Add(reading);
            }
            else if (Partition(line, "Released " + topic + "[") is { } released)
            {
                held.Remove(released);
            }
        }

        return held;

        static int? Partition(string line, string marker)
        {
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            var start = at + marker.Length;
            var end = line.IndexOf(']', start);
            return end > start && int.TryParse(line.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
        }
    }

    public Task<string> MetricsAsync() => Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

    /// <summary>SIGKILL: no shutdown, no last commit, no goodbye to the cluster.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGSTOP: the process hangs as a whole (every thread stops; its sockets stay open), as a silo does in a long pause.</summary>
    public void Hang() => Signal("STOP");

    /// <summary>The process's last lines of output (all of it is kept: the partition log above is read from it).</summary>
    public string Output(int lines = 60) => $"--- {Name} ---{Environment.NewLine}{string.Join(Environment.NewLine, _output.TakeLast(lines))}";

    /// <summary>The silo's pipeline status (<c>/api/pipeline</c>) for a failure's diagnostics, or why it could not be read.</summary>
    public string Status()
    {
        if (HasExited)
        {
            return $"--- {Name} status: exited ---";
        }

        try
        {
            return $"--- {Name} status ---{Environment.NewLine}{Http.GetStringAsync(new Uri("/api/pipeline", UriKind.Relative)).GetAwaiter().GetResult()}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return $"--- {Name} status: {ex.Message} ---";
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} exited with {kill.ExitCode}.");
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
    }

    private static string SiloAssembly()
    {
        // The test runs from tests/<project>/bin/<Configuration>/<tfm>/; the silo was built to the same place of its project.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(PostgresDatabase.RepositoryRoot(), "src", "Orleans.Analytics.Silo", "bin", output.Parent!.Name, output.Name, "Orleans.Analytics.Silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {path} is missing.", path);
    }
}
