using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Silo.Hosting;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.EndToEnd.Tests;

/// <summary>
/// <c>Kafka:ClientProperties:*</c> in the real silo: every client it makes gets them; one librdkafka refuses, or a
/// TLS handshake or SASL login that fails, stops start-up at once with one message naming the settings; <c>/ready</c> names it too.
/// </summary>
public sealed class KafkaClientPropertiesTests(EmbeddedKafkaFixture kafka)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Start-up must give up on a refused handshake at once, not when this runs out: the tests wait far less.
    private const string LongMetadataTimeout = "00:10:00";
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(90);

    private Dictionary<string, string?> Settings() => new()
    {
        ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
        ["Kafka:Topics:DeadLetters"] = kafka.CreateTopic("props-dead", 1),
        ["Kafka:Topics:Events"] = kafka.CreateTopic("props-analytics", 1),
        ["Jobs:Analytics:Enabled"] = "false",
        ["Tda:Enabled"] = "false",
        ["Jobs:EventProcessor:InputTopic"] = kafka.CreateTopic("props-in", 2),
        ["Jobs:EventProcessor:OutputTopic"] = kafka.CreateTopic("props-out", 2),
        ["Jobs:EventProcessor:ErrorTopic"] = kafka.CreateTopic("props-errors", 2),
        ["Jobs:EventProcessor:ConsumerGroup"] = kafka.UniqueName("props"),
    };

    [Fact]
    public async Task Every_kind_of_client_the_silo_makes_gets_the_client_properties()
    {
        // librdkafka prints each client's configuration when it is made ("debug=conf"): the client id set here must
        // be in that of the consumers, the sink and dead-letter producer, the topic admin, the health probe and the demo.
        var clientId = "props-" + Guid.NewGuid().ToString("N")[..12];
        var settings = Settings();
        settings["Kafka:ClientProperties:client.id"] = clientId;
        settings["Kafka:ClientProperties:debug"] = "conf";
        settings["Demo:EventsPerSecond"] = "20";
        settings["Logging:LogLevel:Orleans.Analytics"] = "Debug";
        settings["Logging:Console:LogLevel:Orleans.Analytics"] = "Information";
        using var logs = new CapturedLogs();
        string[] clients =
        [
            "Orleans.Analytics.Kafka.KafkaConsumerPump",
            "Orleans.Analytics.Kafka.KafkaSinkWriter",
            "Orleans.Analytics.Kafka.KafkaQueueAdapterFactory",
            "Orleans.Analytics.Silo.Hosting.KafkaHealthProbe",
            "Orleans.Analytics.Silo.Demo.DemoEventGenerator",
        ];

        await using var silo = await SiloUnderTest.StartAsync(
            settings,
            overrides: new Dictionary<string, string?> { ["Demo:Enabled"] = "true" },
            beforeStart: app => app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs));

        // The sink producer is made when the first result is written: the demo's events get the event processor there.
        bool Configured(string category) => logs.Entries.Any(e => e.Category == category
            && e.Message.Contains($"({clientId}#", StringComparison.Ordinal)
            && e.Message.EndsWith($"client.id = {clientId}", StringComparison.Ordinal));
        try
        {
            await logs.WaitForAsync(_ => clients.All(Configured), Patience);
        }
        catch (TimeoutException)
        {
            clients.Where(c => !Configured(c)).ShouldBeEmpty("clients whose configuration did not show the client properties");
        }

        var probe = silo.Services.GetRequiredService<KafkaHealthProbe>();
        probe.Options.ShouldBeSameAs(silo.Services.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(AnalyticsSilo.StreamProvider));
        probe.Options.ClientProperties["client.id"].ShouldBe(clientId);
    }

    [Fact]
    public async Task Properties_librdkafka_refuses_stop_start_up_naming_each_key_with_librdkafkas_reason()
    {
        var settings = Settings();
        settings["Kafka:ClientProperties:security.protocol"] = "bogus";
        settings["Kafka:ClientProperties:no.such.property"] = "1";
        settings["Kafka:ClientProperties:socket.timeout.ms"] = "soon";

        var error = await Should.ThrowAsync<SiloConfigurationException>(() => SiloUnderTest.StartAsync(settings));

        error.Problems.ShouldContain("Kafka:ClientProperties:security.protocol is 'bogus': Invalid value \"bogus\" for configuration property \"security.protocol\".");
        error.Problems.ShouldContain("Kafka:ClientProperties:no.such.property is '1': No such configuration property: \"no.such.property\".");
        error.Problems.ShouldContain(p => p.StartsWith("Kafka:ClientProperties:socket.timeout.ms is 'soon': Invalid value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Properties_that_make_no_client_together_stop_start_up_with_librdkafkas_reason_and_no_secret()
    {
        var settings = Settings();
        settings["Kafka:ClientProperties:security.protocol"] = "SASL_SSL";
        settings["Kafka:ClientProperties:sasl.mechanism"] = "PLAIN";
        settings["Kafka:ClientProperties:sasl.password"] = "hunter2-never-shown";

        var error = await Should.ThrowAsync<SiloConfigurationException>(() => SiloUnderTest.StartAsync(settings));

        error.Problems.ShouldHaveSingleItem().ShouldBe("Kafka:ClientProperties do not make a usable Kafka client: sasl.username and sasl.password must be set.");
        error.Message.ShouldNotContain("hunter2-never-shown");
    }

    [Fact]
    public async Task Tls_to_a_plaintext_port_stops_start_up_at_once_naming_security_protocol()
    {
        var settings = Settings();
        settings["Kafka:ClientProperties:security.protocol"] = "SSL";
        settings["Kafka:MetadataTimeout"] = LongMetadataTimeout;

        var message = await StartupFailureAsync(settings);

        message.ShouldStartWith($"The TLS handshake with Kafka at '{kafka.BootstrapServers}' failed: ");
        message.ShouldContain("connecting to a PLAINTEXT broker listener?");
        message.ShouldContain("Check Kafka:ClientProperties:security.protocol ('SSL') (the port must be a TLS listener)");
    }

    [Fact]
    public async Task An_untrusted_broker_certificate_stops_start_up_at_once_naming_the_ca_settings()
    {
        await using var tls = new TlsEndpoint();
        var settings = Settings();
        settings["Kafka:BootstrapServers"] = tls.Address;
        settings["Kafka:ClientProperties:security.protocol"] = "SSL";
        settings["Kafka:MetadataTimeout"] = LongMetadataTimeout;

        var message = await StartupFailureAsync(settings);

        message.ShouldStartWith($"The TLS handshake with Kafka at '{tls.Address}' failed: ");
        message.ShouldContain("certificate verify failed");
        message.ShouldContain("Kafka:ClientProperties:ssl.ca.location or Kafka:ClientProperties:ssl.ca.pem for a private CA");
    }

    [Fact]
    public async Task Plaintext_to_a_tls_port_stops_start_up_at_once_suggesting_ssl()
    {
        await using var tls = new TlsEndpoint();
        var settings = Settings();
        settings["Kafka:BootstrapServers"] = tls.Address;
        settings["Kafka:MetadataTimeout"] = LongMetadataTimeout;

        var message = await StartupFailureAsync(settings);

        message.ShouldStartWith($"Kafka at '{tls.Address}' closed the connection before answering: ");
        message.ShouldContain("set Kafka:ClientProperties:security.protocol to SSL or SASL_SSL (it is not set, so PLAINTEXT)");
    }

    [Fact]
    public async Task A_refused_sasl_login_stops_start_up_at_once_naming_the_mechanism_and_never_the_password()
    {
        // The embedded Kafka speaks no SASL, so every SASL login is refused, as a wrong password would be.
        var settings = Settings();
        settings["Kafka:ClientProperties:security.protocol"] = "SASL_PLAINTEXT";
        settings["Kafka:ClientProperties:sasl.mechanism"] = "PLAIN";
        settings["Kafka:ClientProperties:sasl.username"] = "analytics";
        settings["Kafka:ClientProperties:sasl.password"] = "hunter2-never-shown";
        settings["Kafka:MetadataTimeout"] = LongMetadataTimeout;

        var message = await StartupFailureAsync(settings);

        message.ShouldStartWith($"Kafka at '{kafka.BootstrapServers}' refused the SASL authentication: ");
        message.ShouldContain("Check Kafka:ClientProperties:security.protocol ('SASL_PLAINTEXT') and Kafka:ClientProperties:sasl.mechanism ('PLAIN')");
        message.ShouldNotContain("hunter2-never-shown");
    }

    [Fact]
    public async Task The_health_probe_names_a_failing_tls_handshake()
    {
        var services = new ServiceCollection();
        services.AddOptions<KafkaStreamOptions>(AnalyticsSilo.StreamProvider).Configure(o =>
        {
            o.BootstrapServers = kafka.BootstrapServers;
            o.ClientProperties["security.protocol"] = "SSL";
        });
        await using var provider = services.BuildServiceProvider();
        using var probe = new KafkaHealthProbe(provider.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>(), TimeProvider.System, NullLogger<KafkaHealthProbe>.Instance);

        await probe.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            // Each check waits up to 3 s for Kafka's answer; /ready shows the probe's last finding.
            var deadline = DateTime.UtcNow + Patience;
            while (probe.Problem is "not checked yet" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }

            probe.Problem.ShouldNotBeNull().ShouldStartWith($"The TLS handshake with Kafka at '{kafka.BootstrapServers}' failed: ");
            probe.Problem.ShouldContain("Kafka:ClientProperties:security.protocol ('SSL')");
        }
        finally
        {
            await probe.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<string> StartupFailureAsync(Dictionary<string, string?> settings)
    {
        var error = await Should.ThrowAsync<Exception>(() => SiloUnderTest.StartAsync(settings).WaitAsync(AtOnce, TestContext.Current.CancellationToken));
        error.ShouldNotBeOfType<TimeoutException>("start-up waited for Kafka:MetadataTimeout instead of giving up at the first refused handshake");
        return StartupFailure.Explain(error).ShouldNotBeNull(error.ToString());
    }
}
