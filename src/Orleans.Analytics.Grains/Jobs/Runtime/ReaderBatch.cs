namespace Orleans.Analytics.Jobs;

/// <summary>
/// The partition reader's current mini-batch as its jobs see it: where it is, which records may have been delivered
/// before (they go on as inputs, which key grains skip one by one), and how far any key grain's watermark may be.
/// </summary>
internal sealed class ReaderBatch(string topic, int partition)
{
    public string Topic { get; } = topic;

    public int Partition { get; } = partition;

    /// <summary>The reader generation (see <see cref="Kafka.KafkaPartitionStart.Generation"/>).</summary>
    public long Generation { get; set; }

    /// <summary>The topic clock's rewind epoch the reader reads in.</summary>
    public long Epoch { get; set; }

    /// <summary>Records below this offset may have been delivered before this reader's start: sent as single inputs.</summary>
    public long ReplayEnd { get; set; } = -1;

    /// <summary>
    /// No key grain's watermark is past this (the highest watermark the topic clock ever had, or this partition's own,
    /// whichever is later): a window ending at or before it plus the lateness may be closed, so its inputs go on alone
    /// and the key grain judges each one.
    /// </summary>
    public long WatermarkBound { get; set; } = long.MinValue;

    /// <summary>The wall clock, epoch milliseconds (processing-time mode stamps inputs with it).</summary>
    public long Now { get; set; }

    /// <summary>The offset of the record being routed.</summary>
    public long Offset { get; set; }

    /// <summary>The Kafka timestamp of the record being routed.</summary>
    public long RecordTimestamp { get; set; }

    /// <summary>First and last offset routed since the last flush.</summary>
    public long FirstOffset { get; set; } = -1;

    public long LastOffset { get; set; } = -1;

    /// <summary>The event time the topic's watermark follows, of the record being routed (set by the first job of the topic that read it).</summary>
    public long? WatermarkTime { get; set; }

    /// <summary>
    /// Whether the record at <paramref name="offset"/> goes on as a single input: it may have been delivered before,
    /// or the mini-batch it joins began with such a record. A delivery that mixed single inputs with partial
    /// aggregates would straddle what a key grain applied, and a grain drops a straddling pre-aggregated delivery whole
    /// (the partial aggregates past the replay range would be lost); so a mini-batch is all single inputs until it is
    /// flushed, and the next one pre-aggregates again.
    /// </summary>
    public bool IsReplay(long offset) => offset < ReplayEnd || (FirstOffset >= 0 && FirstOffset < ReplayEnd);

    /// <summary>
    /// Key grains fed lately, each with the event time until which it may hold state for what it was fed (its
    /// windows' ends plus the lateness, a session's gap): after a rewind they are sent a barrier, which wakes a grain
    /// whose silo died with it, without waiting for its reminder.
    /// </summary>
    public Dictionary<string, long> Recent { get; } = new(StringComparer.Ordinal);

    /// <summary>Notes that <paramref name="grainKey"/> was fed and may hold state until event time <paramref name="until"/>.</summary>
    public void Fed(string grainKey, long until)
    {
        if (!Recent.TryGetValue(grainKey, out var known) || until > known)
        {
            Recent[grainKey] = until;
        }
    }
}
