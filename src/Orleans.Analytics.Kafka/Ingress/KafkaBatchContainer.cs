namespace Orleans.Analytics.Kafka;

/// <summary>
/// Consecutive events of one stream read from one partition in one fetch, delivered to consumers as one batch.
/// Each event keeps its own (partition, offset) position. A consumer of <see cref="KafkaRecord"/> receives one item
/// per event; a consumer of <see cref="KafkaRecordBatch"/> receives the whole batch as one item.
/// </summary>
/// <remarks>Offsets are kept as numbers and turned into tokens only for the consumers that ask for items one by
/// one: a token object per record cost as much to allocate as the record itself.</remarks>
[GenerateSerializer, Alias("orleans-analytics.kafka-batch")]
internal sealed class KafkaBatchContainer : IBatchContainer
{
    // Built on first use and shared by every consumer of the batch in this silo; not sent with it.
    [NonSerialized]
    private KafkaSequenceToken? _first;
    [NonSerialized]
    private KafkaSequenceToken? _last;
    [NonSerialized]
    private KafkaRecordBatch? _batch;

    // Where the container came from, on the reading silo only: not sent with it.
    [NonSerialized]
    private DeliveryBatch? _delivery;

    public KafkaBatchContainer(StreamId streamId, int partition, List<object> events, List<long> offsets)
    {
        StreamId = streamId;
        Partition = partition;
        Events = events;
        Offsets = offsets;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public int Partition { get; }

    [Id(2)]
    public List<object> Events { get; }

    /// <summary>The offset of each event, in order.</summary>
    [Id(3)]
    public List<long> Offsets { get; }

    public StreamSequenceToken SequenceToken => _first ??= new KafkaSequenceToken(Partition, Offsets[0]);

    public KafkaSequenceToken LastToken => _last ??= new KafkaSequenceToken(Partition, Offsets[^1]);

    public long FirstOffset => Offsets[0];

    public long LastOffset => Offsets[^1];

    /// <summary>The reader's batch this container belongs to (reading silo only).</summary>
    internal DeliveryBatch? Delivery { get => _delivery; set => _delivery = value; }

    /// <summary>How much of the queue cache's capacity the container takes: its events.</summary>
    internal int Weight => Events.Count;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        if (typeof(T) == typeof(KafkaRecordBatch))
        {
            var batch = _batch ??= new KafkaRecordBatch([.. Events.OfType<KafkaRecord>()]);
            return batch.Count == 0 ? [] : [Tuple.Create((T)(object)batch, (StreamSequenceToken)LastToken)];
        }

        return EventsOf<T>();
    }

    public bool ImportRequestContext() => false;

    public override string ToString() => $"{StreamId} [{Partition}:{FirstOffset}]..[{Partition}:{LastOffset}] ({Events.Count})";

    private IEnumerable<Tuple<T, StreamSequenceToken>> EventsOf<T>()
    {
        for (var i = 0; i < Events.Count; i++)
        {
            if (Events[i] is T typed)
            {
                yield return Tuple.Create(typed, (StreamSequenceToken)new KafkaSequenceToken(Partition, Offsets[i]));
            }
        }
    }
}
