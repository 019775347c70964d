using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Analytics.Kafka.Embedded;

namespace Orleans.Analytics.Kafka;

/// <summary>Builds the librdkafka configuration of every client the provider makes, in one place.</summary>
public static class KafkaClientConfig
{
    /// <summary>The configuration of a consumer that reads assigned partitions and commits offsets explicitly.</summary>
    public static ConsumerConfig Consumer(KafkaStreamOptions options, string groupId)
    {
        ArgumentNullException.ThrowIfNull(options);
        NativeKafka.EnsureLoaded();
        var config = new ConsumerConfig(Common(options))
        {
            GroupId = groupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = false,
            AutoOffsetReset = options.StartupMode == KafkaStartupMode.Latest ? AutoOffsetReset.Latest : AutoOffsetReset.Earliest,
            // Bounded prefetch: the provider applies back-pressure by pausing partitions, so librdkafka's own queue
            // need not hold much (its default is 64 MB per client).
            QueuedMaxMessagesKbytes = 16 * 1024,
            // When that queue is full librdkafka postpones the partition's next fetch by this much (default 1 s).
            // The provider drains it in well under a second while catching up, so the default left the partitions
            // idle for most of each second; the stalls also doubled a bare consumer's read time.
            FetchQueueBackoffMs = 10,
            // Records carry no headers here; not marshalling them saves two objects per record.
            ConsumeResultFields = "topic,timestamp",
        };
        return config;
    }

    /// <summary>The configuration of an idempotent producer: no duplicates from retries, order kept per partition.</summary>
    public static ProducerConfig Producer(KafkaStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        NativeKafka.EnsureLoaded();
        return new ProducerConfig(Common(options))
        {
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
        };
    }

    /// <summary>The configuration of an admin client.</summary>
    public static AdminClientConfig Admin(KafkaStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        NativeKafka.EnsureLoaded();
        return new AdminClientConfig(Common(options));
    }

    /// <summary>
    /// Forwards a librdkafka log line to <paramref name="logger"/>, so it is formatted and redacted like the rest;
    /// no higher than <paramref name="ceiling"/> (a client whose failures are reported otherwise logs them as detail).
    /// </summary>
    public static void LogClientMessage(ILogger logger, LogMessage message, LogLevel ceiling = LogLevel.Critical)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(message);
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        level = level > ceiling ? ceiling : level;
        if (logger.IsEnabled(level))
        {
#pragma warning disable CA1848, CA2254 // librdkafka's own text, forwarded as it is.
            logger.Log(level, "librdkafka {Facility} ({Client}): {Message}", message.Facility, message.Name, message.Message);
#pragma warning restore CA1848, CA2254
        }
    }

    private static Dictionary<string, string> Common(KafkaStreamOptions options)
    {
        var properties = new Dictionary<string, string>(options.ClientProperties, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = options.BootstrapServers,
        };
        properties.TryAdd("client.id", "orleans-analytics");
        return properties;
    }
}
