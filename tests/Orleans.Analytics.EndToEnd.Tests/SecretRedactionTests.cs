using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orleans.Analytics.TestInfrastructure;

namespace Orleans.Analytics.EndToEnd.Tests;

/// <summary>
/// The Kafka clients' secrets, given as a deployment gives them (environment variables), appear nowhere a silo
/// shows: not in its log (with every client printing its configuration), not in <c>/api/pipeline</c>, the pipeline
/// page, the dashboard's pages and API, <c>/metrics</c> or <c>/ready</c>.
/// </summary>
public sealed partial class SecretRedactionTests(EmbeddedKafkaFixture kafka)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Secrets_of_the_kafka_clients_appear_in_no_log_line_status_api_or_dashboard()
    {
        using var key = RSA.Create(2048);
        var pem = key.ExportPkcs8PrivateKeyPem();
        var secrets = new Dictionary<string, string>
        {
            ["Kafka__ClientProperties__sasl.password"] = "sasl-secret-" + Guid.NewGuid().ToString("N"),
            ["Kafka__ClientProperties__ssl.key.password"] = "key-secret-" + Guid.NewGuid().ToString("N"),
            ["Kafka__ClientProperties__sasl.oauthbearer.client.secret"] = "oauth-secret-" + Guid.NewGuid().ToString("N"),
            ["Kafka__ClientProperties__ssl.key.pem"] = pem,
            ["Http__Auth__Password"] = "http-secret-" + Guid.NewGuid().ToString("N"),
        };

        // What would give a secret away: each value, and a line of the private key's body.
        var giveaways = secrets.Values.Where(v => v != pem).Append(pem.Split('\n')[1].Trim()).ToList();
        var port = TestPorts.Free();
        var args = SiloProcess.Arguments(kafka.BootstrapServers, new Dictionary<string, string>
        {
            ["Kafka:Topics:DeadLetters"] = kafka.CreateTopic("secret-dead", 1),
            ["Jobs:EventProcessor:InputTopic"] = kafka.CreateTopic("secret-in", 1),
            ["Jobs:EventProcessor:OutputTopic"] = kafka.CreateTopic("secret-out", 1),
            ["Jobs:EventProcessor:ErrorTopic"] = kafka.CreateTopic("secret-errors", 1),
            ["Jobs:EventProcessor:ConsumerGroup"] = kafka.UniqueName("secret"),
            // Every client prints its whole configuration into the log.
            ["Kafka:ClientProperties:debug"] = "conf",
            ["Logging:LogLevel:Orleans.Analytics"] = "Debug",
            ["Urls"] = $"http://127.0.0.1:{port}",
        });
        await using var silo = SiloProcess.Start(args, secrets);
        var address = new Uri($"http://127.0.0.1:{port}");
        await silo.WaitUntilServingAsync(address, Patience);
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + secrets["Http__Auth__Password"])));
        var ct = TestContext.Current.CancellationToken;

        var pages = new Dictionary<string, string>();
        foreach (var path in new[] { "/api/pipeline", "/pipeline", "/dashboard/", "/dashboard/DashboardCounters", "/dashboard/ClusterStats", "/dashboard/LifecycleStages", "/metrics", "/ready" })
        {
            pages[path] = await http.GetStringAsync(new Uri(path, UriKind.Relative), ct);
        }

        using var status = JsonDocument.Parse(pages["/api/pipeline"]);
        var silos = status.RootElement.GetProperty("silos").EnumerateArray().Select(s => s.GetProperty("address").GetString()!).ToList();
        silos.ShouldNotBeEmpty();
        foreach (var path in silos.SelectMany(s => new[] { $"/dashboard/SiloProperties/{Uri.EscapeDataString(s)}", $"/dashboard/SiloMetadata/{Uri.EscapeDataString(s)}" }))
        {
            pages[path] = await http.GetStringAsync(new Uri(path, UriKind.Relative), ct);
        }

        // The clients did get the secrets: librdkafka lists them among their settings (its value masked by it, then by the silo).
        var deadline = DateTime.UtcNow + Patience;
        while (!ConfigurationDumped().IsMatch(silo.Output) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, ct);
        }

        silo.Output.ShouldMatch(ConfigurationDumped().ToString());
        foreach (var giveaway in giveaways)
        {
            silo.Output.ShouldNotContain(giveaway);
            foreach (var (path, body) in pages)
            {
                body.ShouldNotContain(giveaway, Case.Sensitive, path);
            }
        }
    }

    [GeneratedRegex(@"sasl\.password = (\*\*\*|\[redacted\])")]
    private static partial Regex ConfigurationDumped();
}
