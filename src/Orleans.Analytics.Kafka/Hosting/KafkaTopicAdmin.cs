using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace Orleans.Analytics.Kafka;

using ErrorCode = Confluent.Kafka.ErrorCode;

/// <summary>
/// Reads the cluster's topics at start, uses those that exist as they are, and creates only the missing ones.
/// A topic that cannot be created or described stops start-up with one message naming it.
/// </summary>
internal static partial class KafkaTopicAdmin
{
    /// <summary>The key prefix of the client properties in messages.</summary>
    public const string ClientPropertiesKey = KafkaStreamOptions.Section + ":ClientProperties:";

    public static async Task<Dictionary<string, int>> EnsureTopicsAsync(
        KafkaStreamOptions options,
        IReadOnlyCollection<(string Topic, int Partitions)> wanted,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var (admin, watch) = OpenAdmin(options, logger);
        try
        {
            var topics = await EnsureTopicsAsync(admin, watch, options, wanted, logger, cancellationToken);

            // Closing a librdkafka client waits for its threads (about 150 ms); the silo's start need not wait for it.
            _ = Task.Run(admin.Dispose, CancellationToken.None);
            return topics;
        }
        catch
        {
            // Start-up stops here: close the client before the process may exit.
            admin.Dispose();
            throw;
        }
    }

    /// <summary>An admin client with a watch that sees its TLS and SASL failures.</summary>
    public static (IAdminClient Admin, KafkaSecurityWatch Watch) OpenAdmin(KafkaStreamOptions options, ILogger logger)
    {
        var watch = new KafkaSecurityWatch(options, ClientPropertiesKey);
        var admin = new AdminClientBuilder(KafkaClientConfig.Admin(options))
            // What goes wrong is reported once by the caller; librdkafka's own lines on each retry are detail.
            .SetLogHandler((_, message) =>
            {
                watch.OnLog(message);
                KafkaClientConfig.LogClientMessage(logger, message, LogLevel.Debug);
            })
            .SetErrorHandler((_, error) => watch.OnError(error))
            .Build();
        return (admin, watch);
    }

    private static async Task<Dictionary<string, int>> EnsureTopicsAsync(
        IAdminClient admin,
        KafkaSecurityWatch watch,
        KafkaStreamOptions options,
        IReadOnlyCollection<(string Topic, int Partitions)> wanted,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var existing = await DescribeAsync(admin, watch, options, cancellationToken);
        var missing = wanted.Where(w => !existing.ContainsKey(w.Topic)).DistinctBy(w => w.Topic).ToList();
        if (missing.Count > 0)
        {
            if (!options.CreateMissingTopics)
            {
                throw new KafkaSetupException($"Kafka at '{options.BootstrapServers}' has no topic '{missing[0].Topic}' and Kafka:CreateMissingTopics is false; create it or allow creation.");
            }

            foreach (var topic in missing)
            {
                LogCreating(logger, topic.Topic, topic.Partitions);
            }

            try
            {
                await admin.CreateTopicsAsync(
                    missing.Select(m => new TopicSpecification { Name = m.Topic, NumPartitions = m.Partitions, ReplicationFactor = options.ReplicationFactor }),
                    new CreateTopicsOptions { RequestTimeout = options.MetadataTimeout, OperationTimeout = options.MetadataTimeout })
                    .WaitAsync(options.MetadataTimeout + TimeSpan.FromSeconds(5), cancellationToken);
            }
            catch (CreateTopicsException ex)
            {
                var failed = ex.Results.FirstOrDefault(r => r.Error.Code is not ErrorCode.NoError and not ErrorCode.TopicAlreadyExists);
                if (failed is not null)
                {
                    throw new KafkaSetupException($"Kafka at '{options.BootstrapServers}' refused to create topic '{failed.Topic}': {failed.Error.Reason}", ex);
                }
            }
            catch (KafkaException ex)
            {
                throw new KafkaSetupException($"Kafka at '{options.BootstrapServers}' could not create topic '{missing[0].Topic}' ({ex.Error.Reason}); create it beforehand, or check that the cluster allows topic creation.", ex);
            }
            catch (TimeoutException ex)
            {
                throw new KafkaSetupException($"Kafka at '{options.BootstrapServers}' did not answer the request to create topic '{missing[0].Topic}' within {options.MetadataTimeout}; create the topic beforehand.", ex);
            }

            existing = await DescribeAsync(admin, watch, options, cancellationToken);
            var stillMissing = missing.FirstOrDefault(m => !existing.ContainsKey(m.Topic));
            if (stillMissing.Topic is not null)
            {
                throw new KafkaSetupException($"Topic '{stillMissing.Topic}' was created but does not appear in the metadata of Kafka at '{options.BootstrapServers}'.");
            }
        }

        return existing;
    }

    /// <summary>The partition count of every topic in the cluster's metadata.</summary>
    public static async Task<Dictionary<string, int>> DescribeAsync(IAdminClient admin, KafkaSecurityWatch watch, KafkaStreamOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await KafkaClusterMetadata.GetAsync(admin, watch, options.MetadataTimeout, cancellationToken);
            return metadata.Topics
                .Where(t => t.Error.Code == ErrorCode.NoError && t.Partitions.Count > 0)
                .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
        }
        catch (KafkaException ex)
        {
            // librdkafka's exception says only "broker transport failure"; its error callback said why.
            throw new KafkaSetupException($"Kafka at '{options.BootstrapServers}' (Kafka:BootstrapServers) could not be reached within {options.MetadataTimeout}: {watch.LastError ?? ex.Error.Reason}", ex);
        }
    }

    [LoggerMessage(1600, LogLevel.Information, "Creating missing topic {Topic} with {Partitions} partitions")]
    private static partial void LogCreating(ILogger logger, string topic, int partitions);
}
