namespace Orleans.Analytics.Kafka;

/// <summary>
/// Where a partition's processor puts what it makes of the records: items for streams, grouped into mini-batches
/// (<see cref="CompleteBatch"/>), dead letters, and requests to the reader (a rewind, a checkpoint).
/// </summary>
public sealed class KafkaPartitionOutput
{
    private readonly int _maxEventsPerContainer;
    private readonly Dictionary<StreamId, KafkaBatchContainer> _open = [];
    private readonly List<KafkaBatchContainer> _pending = [];
    private readonly List<CompletedBatch> _completed = [];
    private readonly HashSet<StreamId> _fedSinceCheckpoint = [];
    private readonly List<DeadLetterRequest> _deadLetters = [];
    private readonly List<(long Offset, Task Write)> _writes = [];
    private long _batchFirst = -1;
    private long _lastProcessed = -1;

    internal KafkaPartitionOutput(string topic, int partition, int maxEventsPerContainer)
    {
        Topic = topic;
        Partition = partition;
        _maxEventsPerContainer = Math.Max(1, maxEventsPerContainer);
    }

    /// <summary>The topic read.</summary>
    public string Topic { get; }

    /// <summary>The partition read.</summary>
    public int Partition { get; }

    /// <summary>The reader's current generation (see <see cref="KafkaPartitionStart.Generation"/>).</summary>
    public long Generation { get; internal set; }

    /// <summary>Why a rewind was asked for, or null.</summary>
    internal string? RewindRequested { get; private set; }

    internal bool CheckpointRequested { get; private set; }

    /// <summary>Records processed since the last completed batch (buffered by the processor or emitted).</summary>
    internal bool HasOpenRecords => _batchFirst >= 0;

    internal long OpenBatchFirst => _batchFirst;

    internal IReadOnlyCollection<StreamId> FedSinceCheckpoint => _fedSinceCheckpoint;

    /// <summary>
    /// Emits <paramref name="item"/> on <paramref name="stream"/>, at <paramref name="offset"/> (its stream sequence
    /// token; the record it comes from, or the last record an aggregate covers). Items of one stream in one batch share
    /// a delivery, up to the provider's events per delivery.
    /// </summary>
    public void Emit(StreamId stream, object item, long offset)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!_open.TryGetValue(stream, out var container) || container.Events.Count >= _maxEventsPerContainer)
        {
            container = new KafkaBatchContainer(stream, Partition, [], []);
            _open[stream] = container;
            _pending.Add(container);
            _fedSinceCheckpoint.Add(stream);
        }

        container.Events.Add(item);
        container.Offsets.Add(offset);
    }

    /// <summary>
    /// Ends a mini-batch: the items emitted since the previous call are all that the records processed since then
    /// produce. Records processed and not yet covered by a completed batch count as not delivered.
    /// </summary>
    public void CompleteBatch()
    {
        if (_batchFirst < 0 && _pending.Count == 0)
        {
            return;
        }

        _completed.Add(new CompletedBatch(_batchFirst < 0 ? _lastProcessed : _batchFirst, _lastProcessed, [.. _pending]));
        _pending.Clear();
        _open.Clear();
        _batchFirst = -1;
    }

    /// <summary>Sends <paramref name="record"/> to the dead-letter topic with what was wrong; its offset is not committed before the dead letter is written.</summary>
    public void DeadLetter(in KafkaRawRecord record, string errorType, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorType);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        _deadLetters.Add(new DeadLetterRequest(DeadLetterRecords.Capture(record), errorType, reason));
    }

    /// <summary>
    /// Holds the commit of <paramref name="offset"/> (and everything after it) until <paramref name="write"/> completes:
    /// output the processor wrote itself, such as a stateless job's results. A write that fails holds it until a rewind.
    /// </summary>
    public void TrackWrite(Task write, long offset)
    {
        ArgumentNullException.ThrowIfNull(write);
        _writes.Add((offset, write));
    }

    /// <summary>Makes sure <paramref name="stream"/> receives the next checkpoint's barrier (which also wakes its consumer).</summary>
    public void Touch(StreamId stream) => _fedSinceCheckpoint.Add(stream);

    /// <summary>Asks the reader to rewind to the committed offset and read again (state a consumer held was lost).</summary>
    public void RequestRewind(string reason) => RewindRequested ??= reason;

    /// <summary>Asks for a checkpoint after this read.</summary>
    public void RequestCheckpoint() => CheckpointRequested = true;

    /// <summary>The batches completed since the reader last took them.</summary>
    internal List<CompletedBatch> Completed => _completed;

    internal void Processing(long offset)
    {
        if (_batchFirst < 0)
        {
            _batchFirst = offset;
        }

        _lastProcessed = offset;
    }

    internal List<DeadLetterRequest> DeadLetters => _deadLetters;

    internal List<(long Offset, Task Write)> Writes => _writes;

    internal void ClearRequests()
    {
        RewindRequested = null;
        CheckpointRequested = false;
    }

    internal void ClearCheckpointSet() => _fedSinceCheckpoint.Clear();

    /// <summary>Forgets everything (a rewind): nothing emitted before is delivered by this reader.</summary>
    internal void Reset()
    {
        _open.Clear();
        _pending.Clear();
        _completed.Clear();
        _deadLetters.Clear();
        _writes.Clear();
        _fedSinceCheckpoint.Clear();
        _batchFirst = -1;
        _lastProcessed = -1;
        ClearRequests();
    }

    internal readonly record struct DeadLetterRequest(DeadLetterSource Source, string ErrorType, string Reason);

    internal sealed record CompletedBatch(long First, long Last, List<KafkaBatchContainer> Containers)
    {
        /// <summary>Whether the batch holds a checkpoint's barriers rather than items for records.</summary>
        public bool IsCheckpoint { get; init; }
    }
}
