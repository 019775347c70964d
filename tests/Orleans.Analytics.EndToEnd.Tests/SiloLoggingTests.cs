using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Analytics.Silo.Hosting;

namespace Orleans.Analytics.EndToEnd.Tests;

/// <summary>The silo's console logs: JSON lines for collectors, secrets masked in every part of an entry.</summary>
public sealed class SiloLoggingTests
{
    private static readonly LogRedactor Redactor = new([@"card=(?<secret>\d{12,19})", @"internal-[a-z]+\.corp"]);

    [Theory]
    [InlineData("Host=db;Username=orleans;Password=hunter2;Database=x", "Host=db;Username=orleans;Password=***;Database=x")]
    [InlineData("sasl.password=abc123 sasl.username=me", "sasl.password=*** sasl.username=me")]
    [InlineData("connecting to postgres://orleans:hunter2@db:5432/x", "connecting to postgres://orleans:***@db:5432/x")]
    [InlineData("Authorization: Bearer eyJhbGciOi.J9x", "Authorization: Bearer ***")]
    [InlineData("api_key: \"k-1\" and token=t0k", "api_key: *** and token=***")]
    [InlineData("paid with card=4111111111111111 ok", "paid with card=*** ok")]
    [InlineData("resolved internal-billing.corp", "resolved ***")]
    [InlineData("nothing secret here: offset=42", "nothing secret here: offset=42")]
    [InlineData("sasl.password=Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=aB3+/x9=", "sasl.password=***;SharedAccessKeyName=Root;SharedAccessKey=***")]
    [InlineData("sasl.oauthbearer.client.secret=Zq8-secret", "sasl.oauthbearer.client.secret=***")]
    [InlineData("ssl.key.pem=-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN\n-----END PRIVATE KEY----- next", "ssl.key.pem=*** next")]
    [InlineData("key: -----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHzBJ (cut off)", "key: ***")]
    public void Secrets_are_masked_and_the_rest_is_kept(string text, string expected) =>
        Redactor.Redact(text).ShouldBe(expected);

    [Fact]
    public void The_configured_secrets_are_masked_wherever_they_appear_however_they_are_written()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:ClientProperties:sasl.password"] = "p4ss-word",
            ["Kafka:ClientProperties:ssl.key.password"] = "k3y-pass",
            ["Kafka:ClientProperties:sasl.username"] = "analytics",
            ["Kafka:ClientProperties:security.protocol"] = "SASL_SSL",
            ["Http:Auth:Password"] = "http-pass",
        }).Build();

        var secrets = LogRedactor.SecretValues(configuration).ToList();
        var redactor = new LogRedactor([], secrets);

        secrets.ShouldBe(["p4ss-word", "k3y-pass", "http-pass"], ignoreOrder: true);
        redactor.Redact("login as analytics with p4ss-word (key k3y-pass) over SASL_SSL; http-pass")
            .ShouldBe("login as analytics with *** (key ***) over SASL_SSL; ***");
    }

    [Fact]
    public void A_json_line_masks_the_message_the_exception_and_structured_values()
    {
        var formatter = new RedactingConsoleFormatter(Redactor, json: true, TimeProvider.System);
        var state = new List<KeyValuePair<string, object?>>
        {
            new("ConnectionString", "Host=db;Password=hunter2"),
            new("Partition", 3),
            new("{OriginalFormat}", "Connecting with {ConnectionString} for {Partition}"),
        };
        var entry = new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(
            LogLevel.Warning, "Orleans.Analytics.Test", new EventId(7), state, new InvalidOperationException("login failed for Password=hunter2"),
            static (s, _) => $"Connecting with {s[0].Value} for {s[1].Value}");
        using var writer = new StringWriter();

        formatter.Write(entry, null, writer);

        var line = writer.ToString();
        line.ShouldNotContain("hunter2");
        line.TrimEnd().ShouldNotContain('\n');
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        root.GetProperty("level").GetString().ShouldBe("Warning");
        root.GetProperty("category").GetString().ShouldBe("Orleans.Analytics.Test");
        root.GetProperty("eventId").GetInt32().ShouldBe(7);
        root.GetProperty("message").GetString().ShouldBe("Connecting with Host=db;Password=*** for 3");
        root.GetProperty("exception").GetString()!.ShouldContain("Password=***");
        root.GetProperty("state").GetProperty("ConnectionString").GetString().ShouldBe("Host=db;Password=***");
        root.GetProperty("state").GetProperty("Partition").GetInt64().ShouldBe(3);
    }

    [Fact]
    public void A_bad_format_or_pattern_is_named_by_its_key()
    {
        var error = Should.Throw<SiloConfigurationException>(() => AnalyticsSilo.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:Format"] = "Xml",
            ["Logging:Redaction:Patterns:0"] = "([unclosed",
        })));

        error.Problems.ShouldContain(p => p.StartsWith("Logging:Format is 'Xml'", StringComparison.Ordinal));
        error.Problems.ShouldContain(p => p.StartsWith("Logging:Redaction:Patterns:0 is not a valid regular expression", StringComparison.Ordinal));
    }
}
