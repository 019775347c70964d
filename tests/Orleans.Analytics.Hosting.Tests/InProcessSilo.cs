using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Orleans.Analytics.Silo.Hosting;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>The real silo application built by its composition root in this process, on free ports.</summary>
internal sealed class InProcessSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessSilo(WebApplication app) => _app = app;

    /// <summary>Builds and starts the silo; <paramref name="settings"/> win over the test defaults.</summary>
    public static async Task<InProcessSilo> StartAsync(IDictionary<string, string?> settings)
    {
        var app = Build(settings);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new InProcessSilo(app);
    }

    public static WebApplication Build(IDictionary<string, string?> settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Orleans:SiloPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
            ["Demo:Enabled"] = "false",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return AnalyticsSilo.Build([], configuration => configuration.AddInMemoryCollection(values));
    }

    public Task StopAsync() => _app.StopAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

}
