using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// Checks every few seconds that the Kafka cluster answers a metadata request, with the provider's own options (the
/// same instance the provider reads); <c>/ready</c> reports the last answer, and a TLS or SASL failure by name.
/// </summary>
internal sealed partial class KafkaHealthProbe(IOptionsMonitor<KafkaStreamOptions> monitor, TimeProvider time, ILogger<KafkaHealthProbe> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);
    private volatile string? _problem = "not checked yet";

    /// <summary>The provider's options, which this probe's client is made of.</summary>
    public KafkaStreamOptions Options { get; } = monitor.Get(AnalyticsSilo.StreamProvider);

    /// <summary>Null when Kafka answered the last check; otherwise what went wrong.</summary>
    public string? Problem => _problem;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watch = new KafkaSecurityWatch(Options, KafkaTopicAdmin.ClientPropertiesKey);
        using var admin = new AdminClientBuilder(KafkaClientConfig.Admin(Options))
            .SetLogHandler((_, message) =>
            {
                watch.OnLog(message);
                KafkaClientConfig.LogClientMessage(logger, message);
            })
            .SetErrorHandler((_, error) => watch.OnError(error))
            .Build();
        while (!stoppingToken.IsCancellationRequested)
        {
            var problem = await Task.Run(() => Check(admin, watch), CancellationToken.None);
            if (problem != _problem)
            {
                if (problem is null)
                {
                    LogReachable(Options.BootstrapServers);
                }
                else
                {
                    LogUnreachable(Options.BootstrapServers, problem);
                }
            }

            _problem = problem;
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping (or the silo is disposed without a stop): not a failure.
                return;
            }
        }
    }

    private static string? Check(IAdminClient admin, KafkaSecurityWatch watch)
    {
        try
        {
            var metadata = admin.GetMetadata(CheckTimeout);
            watch.Reset();
            return metadata.Brokers.Count > 0 ? null : "no broker in the metadata";
        }
        catch (KafkaException ex)
        {
            // librdkafka says only "broker transport failure"; its error callback said why.
            return watch.Latest ?? ex.Error.Reason;
        }
    }

    [LoggerMessage(10, LogLevel.Information, "Kafka at {BootstrapServers} is reachable")]
    private partial void LogReachable(string bootstrapServers);

    [LoggerMessage(11, LogLevel.Warning, "Kafka at {BootstrapServers} (Kafka:BootstrapServers) is not reachable: {Problem}")]
    private partial void LogUnreachable(string bootstrapServers, string problem);
}
