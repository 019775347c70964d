using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Checks a provider's options at start and reports every bad value at once, each named by its configuration key
/// under <paramref name="section"/>; the client properties are checked by librdkafka itself.
/// </summary>
internal sealed partial class KafkaStreamOptionsValidator(string providerName, string section) : IValidateOptions<KafkaStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaStreamOptions options)
    {
        if (!string.Equals(name, providerName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add($"{section}:BootstrapServers is empty; set it to the brokers' host:port list.");
        }
        else if (options.BootstrapServers.Split(',').Any(s => !HostPort().IsMatch(s.Trim())))
        {
            failures.Add($"{section}:BootstrapServers is '{options.BootstrapServers}'; expected a comma-separated host:port list such as 'kafka:9092'.");
        }

        if (string.IsNullOrWhiteSpace(options.ConsumerGroup))
        {
            failures.Add($"{section}:ConsumerGroup is empty; set the consumer group that records committed offsets.");
        }

        if (options.Topics.Count == 0)
        {
            failures.Add($"{section}:SourceTopics lists no source topic; the provider has nothing to read.");
        }

        for (var i = 0; i < options.Topics.Count; i++)
        {
            var topic = options.Topics[i];
            if (!IsTopicName(topic.Name))
            {
                failures.Add($"{section}:SourceTopics:{i}:Name is '{topic.Name}'; a topic name is 1-249 characters of letters, digits, '.', '_' and '-'.");
            }

            if (topic.Partitions is < 1)
            {
                failures.Add($"{section}:SourceTopics:{i}:Partitions is {topic.Partitions}; it must be at least 1.");
            }
        }

        foreach (var duplicate in options.Topics.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"{section}:SourceTopics lists '{duplicate.Key}' {duplicate.Count()} times; each topic is read once and fans out to every job.");
        }

        if (!IsTopicName(options.DeadLetterTopic))
        {
            failures.Add($"{section}:Topics:DeadLetters is '{options.DeadLetterTopic}'; a topic name is 1-249 characters of letters, digits, '.', '_' and '-'.");
        }

        foreach (var sink in options.SinkTopics.Where(t => !IsTopicName(t)))
        {
            failures.Add($"{section}:SinkTopics contains '{sink}', which is not a valid topic name.");
        }

        if (options.DefaultPartitions is < 1 or > MaxPartitions)
        {
            failures.Add($"{section}:Partitions is {options.DefaultPartitions}; allowed: 1 to {MaxPartitions}.");
        }

        if (options.ReplicationFactor is < 1 and not KafkaStreamOptions.BrokerDefaultReplicationFactor)
        {
            failures.Add($"{section}:ReplicationFactor is {options.ReplicationFactor}; allowed: -1 (the broker's default.replication.factor) or 1 and more.");
        }

        AtLeastOne(options.PartitionBufferSize, "PartitionBufferSize");
        AtLeastOne(options.CacheSize, "CacheSize");
        AtLeastOne(options.MaxEventsPerDelivery, "MaxEventsPerDelivery");
        Positive(options.CommitInterval, "CommitInterval", "00:00:01");
        Positive(options.MetadataTimeout, "MetadataTimeout", "00:00:30");
        Positive(options.MetadataRefreshInterval, "MetadataRefreshInterval", "00:01:00");
        failures.AddRange(KafkaClientProperties.Problems(options, $"{section}:ClientProperties:"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void AtLeastOne(int value, string key)
        {
            if (value < 1)
            {
                failures.Add($"{section}:{key} is {value}; it must be at least 1.");
            }
        }

        void Positive(TimeSpan value, string key, string example)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{section}:{key} is {value}; it must be positive, such as {example}.");
            }
        }
    }

    /// <summary>The most partitions the provider gives a topic it creates.</summary>
    public const int MaxPartitions = 1024;

    private static bool IsTopicName(string? name) => KafkaTopicNames.IsValid(name);

    [GeneratedRegex(@"^[^\s:,]+:\d{1,5}$")]
    private static partial Regex HostPort();
}
