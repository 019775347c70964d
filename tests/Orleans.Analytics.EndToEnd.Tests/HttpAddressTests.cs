using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Analytics.Silo.Hosting;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.EndToEnd.Tests;

/// <summary>
/// Where the silo's HTTP listens: ASP.NET Core's conventions in their order (<c>--urls</c>, the <c>Urls</c> key or
/// variable, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>), and <c>http://localhost:8080</c> with none of them.
/// The environment-variable cases run the silo as its own process, on free ports.
/// </summary>
public sealed class HttpAddressTests(EmbeddedKafkaFixture kafka)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    // The event processor alone, on topics of its own (the embedded Kafka creates no topic through the admin API).
    private Dictionary<string, string> Topics() => new()
    {
        ["Kafka:Topics:DeadLetters"] = kafka.CreateTopic("http-dead", 1),
        ["Jobs:EventProcessor:InputTopic"] = kafka.CreateTopic("http-in", 1),
        ["Jobs:EventProcessor:OutputTopic"] = kafka.CreateTopic("http-out", 1),
        ["Jobs:EventProcessor:ErrorTopic"] = kafka.CreateTopic("http-errors", 1),
        ["Jobs:EventProcessor:ConsumerGroup"] = kafka.UniqueName("http"),
    };

    private List<string> Arguments(params string[] extra) => [.. SiloProcess.Arguments(kafka.BootstrapServers, Topics()), .. extra];

    [Fact]
    public async Task With_no_address_configured_the_silo_listens_on_localhost_8080()
    {
        foreach (var variable in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "URLS" })
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
            {
                Assert.Skip($"{variable} is set for the test process, which the silo would follow.");
            }
        }

        // Built, not started: port 8080 may be taken on a shared machine; what Kestrel binds is the 'urls' setting.
        await using var app = AnalyticsSilo.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Demo:Enabled"] = "false",
        }));

        app.Configuration[WebHostDefaults.ServerUrlsKey].ShouldBe("http://localhost:8080");
        HttpAddresses.Default.ShouldBe("http://localhost:8080");
    }

    [Fact]
    public async Task The_urls_key_sets_the_address()
    {
        var port = TestPorts.Free();
        var settings = Topics().ToDictionary(t => t.Key, t => (string?)t.Value);
        settings["Kafka:BootstrapServers"] = kafka.BootstrapServers;
        settings["Jobs:Analytics:Enabled"] = "false";
        settings["Tda:Enabled"] = "false";
        await using var silo = await SiloUnderTest.StartAsync(settings, overrides: new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:{port}" });

        silo.BaseAddress.ShouldBe(new Uri($"http://127.0.0.1:{port}"));
        (await SiloProcess.AcceptsAsync(port)).ShouldBeTrue();
    }

    [Fact]
    public async Task ASPNETCORE_URLS_sets_the_address()
    {
        var port = TestPorts.Free();
        await using var silo = SiloProcess.Start(Arguments(), new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });

        await silo.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{port}"), Patience);
    }

    [Fact]
    public async Task ASPNETCORE_HTTP_PORTS_sets_the_port_as_in_the_official_images()
    {
        var port = TestPorts.Free();
        await using var silo = SiloProcess.Start(Arguments(), new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = Port(port) });

        // http://*:port: every interface, loopback among them.
        await silo.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{port}"), Patience);
    }

    [Fact]
    public async Task ASPNETCORE_URLS_wins_over_ASPNETCORE_HTTP_PORTS()
    {
        var (urls, ports) = (TestPorts.Free(), TestPorts.Free());
        await using var silo = SiloProcess.Start(Arguments(), new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{urls}",
            ["ASPNETCORE_HTTP_PORTS"] = Port(ports),
        });

        await silo.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{urls}"), Patience);
        (await SiloProcess.AcceptsAsync(ports)).ShouldBeFalse();
    }

    [Fact]
    public async Task The_Urls_variable_wins_over_ASPNETCORE_URLS()
    {
        var (urls, aspnetcore) = (TestPorts.Free(), TestPorts.Free());
        await using var silo = SiloProcess.Start(Arguments(), new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{urls}",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{aspnetcore}",
        });

        await silo.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{urls}"), Patience);
        (await SiloProcess.AcceptsAsync(aspnetcore)).ShouldBeFalse();
    }

    [Fact]
    public async Task The_urls_switch_wins_over_every_environment_variable()
    {
        var (switched, urls, ports) = (TestPorts.Free(), TestPorts.Free(), TestPorts.Free());
        await using var silo = SiloProcess.Start(Arguments("--urls", $"http://127.0.0.1:{switched}"), new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{urls}",
            ["ASPNETCORE_HTTP_PORTS"] = Port(ports),
        });

        await silo.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{switched}"), Patience);
        (await SiloProcess.AcceptsAsync(urls)).ShouldBeFalse();
        (await SiloProcess.AcceptsAsync(ports)).ShouldBeFalse();
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
