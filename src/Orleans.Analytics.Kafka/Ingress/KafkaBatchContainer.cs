namespace Orleans.Analytics.Kafka;

/// <summary>
/// Consecutive events of one stream read from one partition in one fetch, delivered to consumers as one batch.
/// Each event keeps its own (partition, offset) token.
/// </summary>
[GenerateSerializer, Alias("orleans-analytics.kafka-batch")]
internal sealed class KafkaBatchContainer : IBatchContainer
{
    public KafkaBatchContainer(StreamId streamId, List<object> events, List<KafkaSequenceToken> tokens)
    {
        StreamId = streamId;
        Events = events;
        Tokens = tokens;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public List<object> Events { get; }

    [Id(2)]
    public List<KafkaSequenceToken> Tokens { get; }

    public StreamSequenceToken SequenceToken => Tokens[0];

    public KafkaSequenceToken LastToken => Tokens[^1];

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        for (var i = 0; i < Events.Count; i++)
        {
            if (Events[i] is T typed)
            {
                yield return Tuple.Create(typed, (StreamSequenceToken)Tokens[i]);
            }
        }
    }

    public bool ImportRequestContext() => false;

    public override string ToString() => $"{StreamId} {Tokens[0]}..{Tokens[^1]} ({Events.Count})";
}
