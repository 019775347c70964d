namespace Orleans.Analytics.Kafka;

/// <summary>
/// The Orleans queue cache of one partition. Unlike a time- or size-evicted cache it knows when a batch has been
/// delivered: a batch leaves the cache (and its offsets complete) only once every cursor of its stream has moved
/// past it, that is, once every consumer's delivery call for it returned. It holds about
/// <see cref="KafkaStreamOptions.CacheSize"/> records at most; a full cache stops the queue from reading
/// (back-pressure). Records, not batches, are counted: a batch holds up to a delivery's worth of records, so a
/// bound in batches let a partition's whole backlog into memory, where it outlived collections.
/// </summary>
/// <remarks>Used only from the queue's pulling agent, which runs one turn at a time; no locking is needed.</remarks>
internal sealed class KafkaQueueCache(int capacity) : IQueueCache
{
    private readonly LinkedList<CacheEntry> _entries = new();
    private readonly Dictionary<StreamId, StreamEntries> _streams = [];

    private int _records;

    /// <summary>Batches held.</summary>
    public int Count => _entries.Count;

    /// <summary>Records held.</summary>
    public int Records => _records;

    public int Capacity { get; } = capacity;

    public int GetMaxAddCount() => Math.Max(1, Capacity - _records);

    public bool IsUnderPressure() => _records >= Capacity;

    public void AddToCache(IList<IBatchContainer> messages)
    {
        foreach (var message in messages)
        {
            var batch = (KafkaBatchContainer)message;
            var stream = GetStream(batch.StreamId);
            var entry = new CacheEntry(batch, stream, stream.EndIndex);
            stream.Items.Add(entry);
            _entries.AddLast(entry);
            _records += batch.Events.Count;
        }
    }

    public bool TryPurgeFromCache(out IList<IBatchContainer> purgedItems)
    {
        List<IBatchContainer>? purged = null;
        while (_entries.First is { } node && IsDelivered(node.Value))
        {
            var entry = node.Value;
            _entries.RemoveFirst();
            _records -= entry.Batch.Events.Count;
            var stream = entry.Stream;
            stream.Items.RemoveAt(0);
            stream.Removed++;
            stream.LastPurgedOffset = entry.Batch.LastOffset;
            if (stream.Items.Count == 0 && stream.Cursors.Count == 0)
            {
                _streams.Remove(stream.StreamId);
            }

            (purged ??= []).Add(entry.Batch);
        }

        purgedItems = purged!;
        return purged is not null;
    }

    public IQueueCacheCursor GetCacheCursor(StreamId streamId, StreamSequenceToken? token)
    {
        var stream = GetStream(streamId);
        int start;
        if (token is null)
        {
            // No position asked for: from what arrives next.
            start = stream.EndIndex;
        }
        else
        {
            if (token.SequenceNumber <= stream.LastPurgedOffset)
            {
                // Batches at or after the token were purged: the caller asked for a position already delivered.
                var oldest = stream.Items.Count > 0 ? stream.Items[0].Batch.SequenceToken : token;
                var newest = stream.Items.Count > 0 ? stream.Items[^1].Batch.LastToken : token;
                throw new QueueCacheMissException(token, oldest, newest);
            }

            start = stream.EndIndex;
            for (var i = 0; i < stream.Items.Count; i++)
            {
                if (stream.Items[i].Batch.LastOffset >= token.SequenceNumber)
                {
                    start = stream.Removed + i;
                    break;
                }
            }
        }

        var cursor = new KafkaQueueCacheCursor(stream, start);
        stream.Cursors.Add(cursor);
        return cursor;
    }

    /// <summary>The batch holding the event at <paramref name="token"/> on <paramref name="streamId"/>, if still cached.</summary>
    public KafkaBatchContainer? Find(StreamId streamId, StreamSequenceToken? token)
    {
        if (token is null || !_streams.TryGetValue(streamId, out var stream))
        {
            return null;
        }

        foreach (var entry in stream.Items)
        {
            if (entry.Batch.FirstOffset <= token.SequenceNumber && entry.Batch.LastOffset >= token.SequenceNumber)
            {
                return entry.Batch;
            }
        }

        return null;
    }

    private static bool IsDelivered(CacheEntry entry)
    {
        foreach (var cursor in entry.Stream.Cursors)
        {
            if (cursor.ClaimFrom <= entry.Index)
            {
                return false;
            }
        }

        return true;
    }

    private StreamEntries GetStream(StreamId streamId)
    {
        if (!_streams.TryGetValue(streamId, out var stream))
        {
            stream = new StreamEntries(streamId);
            _streams.Add(streamId, stream);
        }

        return stream;
    }

    internal sealed record CacheEntry(KafkaBatchContainer Batch, StreamEntries Stream, int Index);

    /// <summary>The cached batches of one stream; indexes count from the stream's first batch ever cached.</summary>
    internal sealed class StreamEntries(StreamId streamId)
    {
        public StreamId StreamId { get; } = streamId;

        public List<CacheEntry> Items { get; } = [];

        public HashSet<KafkaQueueCacheCursor> Cursors { get; } = [];

        public int Removed { get; set; }

        public long LastPurgedOffset { get; set; } = -1;

        public int EndIndex => Removed + Items.Count;
    }
}
