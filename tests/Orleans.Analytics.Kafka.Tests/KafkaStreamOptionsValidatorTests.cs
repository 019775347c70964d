namespace Orleans.Analytics.Kafka.Tests;

public sealed class KafkaStreamOptionsValidatorTests
{
    private static readonly KafkaStreamOptionsValidator Validator = new("kafka", "Kafka");

    [Fact]
    public void Good_options_pass()
    {
        var options = new KafkaStreamOptions { BootstrapServers = "kafka-1:9092,kafka-2:9092" };
        options.Topics.Add(new KafkaSourceTopic { Name = "analytics_events" });
        Validator.Validate("kafka", options).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once_with_its_key()
    {
        var options = new KafkaStreamOptions
        {
            BootstrapServers = "no-port",
            ConsumerGroup = " ",
            CommitInterval = TimeSpan.Zero,
            CacheSize = 0,
            DeadLetterTopic = "bad topic",
            DefaultPartitions = 0,
            ReplicationFactor = 0,
            MetadataRefreshInterval = TimeSpan.FromSeconds(-1),
        };
        options.Topics.Add(new KafkaSourceTopic { Name = "ok" });
        options.Topics.Add(new KafkaSourceTopic { Name = "ok" });
        options.Topics.Add(new KafkaSourceTopic { Name = "has space", Partitions = 0 });

        var result = Validator.Validate("kafka", options);

        result.Failed.ShouldBeTrue();
        var failures = result.Failures!.ToList();
        failures.ShouldContain(f => f.StartsWith("Kafka:BootstrapServers is 'no-port'", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Kafka:ConsumerGroup", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Kafka:CommitInterval", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Kafka:CacheSize is 0", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Kafka:Topics:DeadLetters is 'bad topic'", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Kafka:SourceTopics lists 'ok' 2 times", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Kafka:SourceTopics:2:Name is 'has space'", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Kafka:SourceTopics:2:Partitions is 0", StringComparison.Ordinal));
        failures.ShouldContain("Kafka:Partitions is 0; allowed: 1 to 1024.");
        failures.ShouldContain(f => f.StartsWith("Kafka:ReplicationFactor is 0; allowed: -1", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Kafka:MetadataRefreshInterval is -00:00:01; it must be positive", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_brokers_and_topics_are_named()
    {
        var failures = Validator.Validate("kafka", new KafkaStreamOptions()).Failures!.ToList();
        failures.ShouldContain(f => f.StartsWith("Kafka:BootstrapServers is empty", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Kafka:SourceTopics lists no source topic", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_of_another_provider_are_not_judged() =>
        Validator.Validate("other", new KafkaStreamOptions()).Skipped.ShouldBeTrue();
}
