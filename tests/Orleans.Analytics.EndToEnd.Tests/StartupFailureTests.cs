using System.Net;
using System.Net.Sockets;
using Orleans.Analytics.Silo.Hosting;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.EndToEnd.Tests;

/// <summary>A silo that cannot take its ports says which key to change, in one line.</summary>
public sealed class StartupFailureTests(EmbeddedKafkaFixture kafka)
{
    [Fact]
    public async Task A_taken_http_port_is_named_with_the_key_to_change()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var failure = await Should.ThrowAsync<Exception>(() => StartAsync(new() { ["Urls"] = $"http://127.0.0.1:{port}" }));

        var message = StartupFailure.Explain(failure).ShouldNotBeNull();
        message.ShouldContain($"127.0.0.1:{port}");
        message.ShouldContain("Set Urls");
    }

    [Fact]
    public async Task A_taken_silo_port_is_named_with_the_keys_to_change()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var failure = await Should.ThrowAsync<Exception>(() => StartAsync(new() { ["Orleans:SiloPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }));

        StartupFailure.Explain(failure).ShouldNotBeNull().ShouldContain("Orleans:SiloPort and Orleans:GatewayPort");
    }

    [Fact]
    public void Other_failures_are_left_to_the_usual_report() =>
        StartupFailure.Explain(new InvalidOperationException("something else")).ShouldBeNull();

    private async Task StartAsync(Dictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:Topics:DeadLetters"] = kafka.CreateTopic("startup-dead", 1),
            ["Jobs:Analytics:Enabled"] = "false",
            ["Tda:Enabled"] = "false",
            ["Jobs:EventProcessor:InputTopic"] = kafka.CreateTopic("startup-in", 1),
            ["Jobs:EventProcessor:OutputTopic"] = kafka.CreateTopic("startup-out", 1),
            ["Jobs:EventProcessor:ErrorTopic"] = kafka.CreateTopic("startup-errors", 1),
        };
        await using var silo = await SiloUnderTest.StartAsync(settings, overrides: overrides);
    }
}
