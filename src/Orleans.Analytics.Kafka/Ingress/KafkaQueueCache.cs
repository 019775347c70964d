namespace Orleans.Analytics.Kafka;

/// <summary>
/// The Orleans queue cache of one partition. Unlike a time- or size-evicted cache it knows when a container has been
/// delivered: a container leaves the cache (and counts as delivered for its reader) only once every cursor of its
/// stream has moved past it, that is, once every consumer's delivery call for it returned. Containers of different
/// streams leave in any order, so one slow consumer holds back only its own stream's memory. It holds about
/// <see cref="KafkaStreamOptions.CacheSize"/> events; a full cache stops the queue from reading (back-pressure).
/// </summary>
/// <remarks>Used only from the queue's pulling agent, which runs one turn at a time; no locking is needed.</remarks>
internal sealed class KafkaQueueCache(int capacity, KafkaPartitionRef? partition = null, Action<KafkaPartitionRef, bool>? pressureChanged = null) : IQueueCache
{
    private readonly LinkedList<CacheEntry> _entries = new();
    private readonly Dictionary<StreamId, StreamEntries> _streams = [];
    private int _weight;
    private bool _underPressure;

    /// <summary>Containers held.</summary>
    public int Count => _entries.Count;

    /// <summary>Events held.</summary>
    public int Records => _weight;

    public int Capacity { get; } = capacity;

    public int GetMaxAddCount() => Math.Max(1, Capacity - _weight);

    /// <summary>Whether the partition has stopped reading because its consumers are behind (reported to <c>pressureChanged</c> as it starts and ends).</summary>
    public bool IsUnderPressure()
    {
        var pressure = _weight >= Capacity;
        if (pressure != _underPressure && partition is { } changed)
        {
            pressureChanged?.Invoke(changed, pressure);
        }

        _underPressure = pressure;
        return pressure;
    }

    /// <summary>Whether the last check found the cache full (the partition is not being read).</summary>
    public bool Paused => _underPressure;

    public void AddToCache(IList<IBatchContainer> messages)
    {
        foreach (var message in messages)
        {
            var batch = (KafkaBatchContainer)message;
            var stream = GetStream(batch.StreamId);
            var entry = new CacheEntry(batch, stream, stream.EndIndex);
            stream.Items.Add(entry);
            entry.Node = _entries.AddLast(entry);
            _weight += batch.Weight;
        }
    }

    public bool TryPurgeFromCache(out IList<IBatchContainer> purgedItems) => TryPurge(afterShutdown: false, out purgedItems);

    /// <summary>
    /// Purges what was delivered once the pulling agent has stopped: it disposes every cursor before it shuts the
    /// receiver down, so a batch still in delivery at that moment has no cursor left to show it. Such a batch is held
    /// by the position its cursor had when it was disposed, and is not counted as delivered (it is read again).
    /// </summary>
    public bool TryPurgeDeliveredAfterShutdown(out IList<IBatchContainer> purgedItems) => TryPurge(afterShutdown: true, out purgedItems);

    private bool TryPurge(bool afterShutdown, out IList<IBatchContainer> purgedItems)
    {
        List<IBatchContainer>? purged = null;
        var node = _entries.First;
        while (node is not null)
        {
            var next = node.Next;
            var entry = node.Value;
            var stream = entry.Stream;

            // A stream's entries are delivered in order, so only the first of each can be the next delivered one.
            if (stream.Items.Count > 0 && ReferenceEquals(stream.Items[0], entry) && IsDelivered(entry, afterShutdown))
            {
                Remove(entry);
                (purged ??= []).Add(entry.Batch);
            }

            node = next;
        }

        purgedItems = purged!;
        return purged is not null;
    }

    /// <summary>Drops every container not yet delivered (the reader rewinds); cursors continue with what is added next.</summary>
    public void Clear()
    {
        while (_entries.First is { } node)
        {
            Remove(node.Value);
        }

        // The partition is read again from its committed offset: no offset of the new generation has been delivered
        // yet, so a cursor asked for at one must find it, not fail as if it had been purged (the pulling agent would
        // then start that consumer after everything cached and skip the replayed batches).
        foreach (var stream in _streams.Values)
        {
            stream.LastPurgedOffset = -1;
            stream.ReleasedClaim = null;
        }
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
        stream.ReleasedClaim = null;
        return cursor;
    }

    /// <summary>The container holding the event at <paramref name="token"/> on <paramref name="streamId"/>, if still cached.</summary>
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

    private void Remove(CacheEntry entry)
    {
        _entries.Remove(entry.Node!);
        _weight -= entry.Batch.Weight;
        var stream = entry.Stream;
        var index = stream.Items.IndexOf(entry);
        if (index == 0)
        {
            stream.Items.RemoveAt(0);
            stream.Removed++;
            stream.LastPurgedOffset = Math.Max(stream.LastPurgedOffset, entry.Batch.LastOffset);
        }
        else if (index > 0)
        {
            // Dropped by Clear: the stream's later entries go too, so indexes stay consistent (Clear removes all).
            stream.Items.RemoveAt(index);
            stream.Removed++;
        }

        if (stream.Items.Count == 0 && stream.Cursors.Count == 0)
        {
            _streams.Remove(stream.StreamId);
        }
    }

    private static bool IsDelivered(CacheEntry entry, bool afterShutdown)
    {
        if (afterShutdown && entry.Stream.ReleasedClaim <= entry.Index)
        {
            return false;
        }

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

    internal sealed class CacheEntry(KafkaBatchContainer batch, StreamEntries stream, int index)
    {
        public KafkaBatchContainer Batch { get; } = batch;

        public StreamEntries Stream { get; } = stream;

        public int Index { get; } = index;

        public LinkedListNode<CacheEntry>? Node { get; set; }
    }

    /// <summary>The cached containers of one stream; indexes count from the stream's first container ever cached.</summary>
    internal sealed class StreamEntries(StreamId streamId)
    {
        public StreamId StreamId { get; } = streamId;

        public List<CacheEntry> Items { get; } = [];

        public HashSet<KafkaQueueCacheCursor> Cursors { get; } = [];

        public int Removed { get; set; }

        public long LastPurgedOffset { get; set; } = -1;

        /// <summary>
        /// The first batch a cursor disposed since the stream's last activity had not finished with. A cursor the
        /// agent replaces (a new subscription, a consumer's handshake) is followed by activity on its successor,
        /// which clears this; one disposed as the agent stops is not, and holds its batch back from the final commit.
        /// </summary>
        public int? ReleasedClaim { get; set; }

        public void Release(int claimFrom) => ReleasedClaim = Math.Min(ReleasedClaim ?? int.MaxValue, claimFrom);

        public int EndIndex => Removed + Items.Count;
    }
}
