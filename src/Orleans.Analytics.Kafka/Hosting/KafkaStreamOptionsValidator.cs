using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Checks a provider's options at start and reports every bad value at once, each named by its configuration key.
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
            failures.Add($"{section}:Topics lists no source topic; the provider has nothing to read.");
        }

        for (var i = 0; i < options.Topics.Count; i++)
        {
            var topic = options.Topics[i];
            if (!IsTopicName(topic.Name))
            {
                failures.Add($"{section}:Topics:{i}:Name is '{topic.Name}'; a topic name is 1-249 characters of letters, digits, '.', '_' and '-'.");
            }

            if (topic.Partitions is < 1)
            {
                failures.Add($"{section}:Topics:{i}:Partitions is {topic.Partitions}; it must be at least 1.");
            }
        }

        foreach (var duplicate in options.Topics.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"{section}:Topics lists '{duplicate.Key}' {duplicate.Count()} times; each topic is read once and fans out to every job.");
        }

        if (!IsTopicName(options.DeadLetterTopic))
        {
            failures.Add($"{section}:DeadLetterTopic is '{options.DeadLetterTopic}'; it must be a valid topic name.");
        }

        foreach (var sink in options.SinkTopics.Where(t => !IsTopicName(t)))
        {
            failures.Add($"{section}:SinkTopics contains '{sink}', which is not a valid topic name.");
        }

        Positive(options.DefaultPartitions, "DefaultPartitions");
        Positive(options.ReplicationFactor, "ReplicationFactor");
        Positive(options.PartitionBufferSize, "PartitionBufferSize");
        Positive(options.CacheSize, "CacheSize");
        Positive(options.MaxEventsPerDelivery, "MaxEventsPerDelivery");
        if (options.CommitInterval <= TimeSpan.Zero)
        {
            failures.Add($"{section}:CommitInterval is {options.CommitInterval}; it must be positive, such as 00:00:01.");
        }

        if (options.MetadataTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:MetadataTimeout is {options.MetadataTimeout}; it must be positive, such as 00:00:30.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(int value, string key)
        {
            if (value < 1)
            {
                failures.Add($"{section}:{key} is {value}; it must be at least 1.");
            }
        }
    }

    private static bool IsTopicName(string? name) => KafkaTopicNames.IsValid(name);

    [GeneratedRegex(@"^[^\s:,]+:\d{1,5}$")]
    private static partial Regex HostPort();
}
