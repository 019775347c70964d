using Confluent.Kafka;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>Checks every few seconds that the Kafka cluster answers a metadata request; <c>/ready</c> reports the last answer.</summary>
internal sealed partial class KafkaHealthProbe(KafkaStreamOptions options, TimeProvider time, ILogger<KafkaHealthProbe> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private volatile string? _problem = "not checked yet";

    /// <summary>Null when Kafka answered the last check; otherwise what went wrong.</summary>
    public string? Problem => _problem;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var admin = new AdminClientBuilder(KafkaClientConfig.Admin(options)).Build();
        while (!stoppingToken.IsCancellationRequested)
        {
            var problem = await Task.Run(() => Check(admin), stoppingToken);
            if (problem != _problem)
            {
                if (problem is null)
                {
                    LogReachable(options.BootstrapServers);
                }
                else
                {
                    LogUnreachable(options.BootstrapServers, problem);
                }
            }

            _problem = problem;
            await Task.Delay(Interval, time, stoppingToken);
        }
    }

    private static string? Check(IAdminClient admin)
    {
        try
        {
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(3));
            return metadata.Brokers.Count > 0 ? null : "no broker in the metadata";
        }
        catch (KafkaException ex)
        {
            return ex.Error.Reason;
        }
    }

    [LoggerMessage(10, LogLevel.Information, "Kafka at {BootstrapServers} is reachable")]
    private partial void LogReachable(string bootstrapServers);

    [LoggerMessage(11, LogLevel.Warning, "Kafka at {BootstrapServers} (Kafka:BootstrapServers) is not reachable: {Problem}")]
    private partial void LogUnreachable(string bootstrapServers, string problem);
}
