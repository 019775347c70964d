using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Orleans.Analytics.Silo.Hosting;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.EndToEnd.Tests;

/// <summary>The real silo application, built by its composition root, on free ports, pointed at the test's Kafka.</summary>
internal sealed class SiloUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SiloUnderTest(WebApplication app) => _app = app;

    /// <summary>
    /// Starts the silo; <paramref name="overrides"/> replace the free ports and other defaults chosen here, and
    /// <paramref name="beforeStart"/> sees the built application before it starts (to add a log provider, say).
    /// </summary>
    public static async Task<SiloUnderTest> StartAsync(
        IDictionary<string, string?> settings,
        string[]? args = null,
        IDictionary<string, string?>? overrides = null,
        Action<WebApplication>? beforeStart = null)
    {
        var values = new Dictionary<string, string?>(settings)
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Orleans:SiloPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = "e2e-" + Guid.NewGuid().ToString("N"),
            ["Demo:Enabled"] = "false",
            ["Kafka:CommitInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = AnalyticsSilo.Build(args ?? [], configuration => configuration.AddInMemoryCollection(values));
        try
        {
            beforeStart?.Invoke(app);
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            // What did start (the Kafka clients among it) closes with the app.
            await app.DisposeAsync();
            throw;
        }

        return new SiloUnderTest(app);
    }

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The silo's HTTP address, once started.</summary>
    public Uri BaseAddress => new(_app.Urls.First());

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

}
