using System.Globalization;
using Confluent.Kafka;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Finds the dead letters a partition's earlier owner wrote after its last commit, so that reading those records
/// again writes no second dead letter. Each commit notes the dead-letter partition and an offset there below which
/// no dead letter of an uncommitted record lies (<see cref="CommitMetadata"/>); this reads that partition from the
/// offset to its end and keeps the records whose key (the origin, <c>topic/partition/offset</c>) names the partition.
/// </summary>
internal static class EarlierDeadLetters
{
    /// <summary>
    /// The offsets of <paramref name="topic"/>[<paramref name="partition"/>] above <paramref name="after"/> whose dead
    /// letters are in <paramref name="deadLetterTopic"/>[<paramref name="deadLetterPartition"/>] between
    /// <paramref name="from"/> and <paramref name="end"/>.
    /// </summary>
    public static HashSet<long> Read(
        KafkaStreamOptions options,
        string groupId,
        string deadLetterTopic,
        int deadLetterPartition,
        long from,
        long end,
        string topic,
        int partition,
        long after,
        CancellationToken cancellationToken)
    {
        var found = new HashSet<long>();
        if (end <= from)
        {
            return found;
        }

        var prefix = string.Create(CultureInfo.InvariantCulture, $"{topic}/{partition}/");
        using var consumer = new ConsumerBuilder<string?, Ignore>(KafkaClientConfig.Consumer(options, groupId))
            .SetLogHandler(static (_, _) => { })
            .Build();
        consumer.Assign(new TopicPartitionOffset(deadLetterTopic, deadLetterPartition, from));
        var deadline = DateTime.UtcNow + options.MetadataTimeout;
        var position = from;
        while (position < end)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result is null || result.IsPartitionEOF)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new KafkaSetupException(
                        $"Reading the dead letters of {topic}[{partition}] from {deadLetterTopic}[{deadLetterPartition}] (offsets {from} to {end}) stopped at {position} within {options.MetadataTimeout}.");
                }

                continue;
            }

            position = result.Offset.Value + 1;
            if (result.Message.Key is { } key && key.StartsWith(prefix, StringComparison.Ordinal)
                && long.TryParse(key.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset > after)
            {
                found.Add(offset);
            }
        }

        consumer.Close();
        return found;
    }
}
