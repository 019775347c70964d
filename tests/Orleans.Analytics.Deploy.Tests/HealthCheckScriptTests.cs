using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Analytics.Deploy.Tests;

/// <summary>
/// deploy/docker/healthcheck.sh, the image's health check (the runtime image has no curl), run by bash against a
/// loopback HTTP server that answers 200 on /healthz and 404 elsewhere.
/// </summary>
public sealed class HealthCheckScriptTests : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _server;

    public HealthCheckScriptTests()
    {
        _listener.Start();
        _server = ServeAsync(_stop.Token);
    }

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    [Fact]
    public async Task Healthy_when_the_path_answers_200()
    {
        var result = await Tool.RunAsync("bash", "deploy/docker/healthcheck.sh", "/healthz", Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        result.ShouldSucceed();
    }

    [Fact]
    public async Task Unhealthy_with_the_status_line_when_the_path_does_not_answer_200()
    {
        var result = await Tool.RunAsync("bash", "deploy/docker/healthcheck.sh", "/missing", Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        result.ExitCode.ShouldNotBe(0);
        result.StandardError.ShouldContain("404");
    }

    [Fact]
    public async Task Unhealthy_when_nothing_listens()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var result = await Tool.RunAsync("bash", "deploy/docker/healthcheck.sh", "/healthz", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        result.ExitCode.ShouldNotBe(0);
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(cancellationToken) ?? "";
                // Read the headers to their end: closing with unread request bytes would reset the connection
                // before the script reads the status line.
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(cancellationToken)))
                {
                }

                var status = requestLine.StartsWith("GET /healthz ", StringComparison.Ordinal) ? "200 OK" : "404 Not Found";
                var response = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                await stream.WriteAsync(response, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _server;
        _stop.Dispose();
    }
}
