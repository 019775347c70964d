using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Analytics.Kafka.Diagnostics;
using Orleans.Analytics.Kafka.Native;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Reads one partition for Orleans: takes its records from the partition's librdkafka queue, hands each to the
/// topic's processor while its bytes are still in librdkafka's buffer, and gives the items the processor emits to the
/// queue cache. It knows what has been delivered (the cache reports it) and decides what may be committed: on a plain
/// topic, the unbroken run of delivered records; on a checkpointed topic, the last checkpoint whose barriers every
/// stream fed from the partition has acknowledged.
/// </summary>
/// <remarks>
/// <para>Checkpointed topics keep the highest offset a reader may deliver before it is written down: before reading
/// past it, the reader commits a further reservation (in the committed offset's metadata). After a crash the next
/// owner knows which records may already be held by consumers (the replay range) and tells its processor.</para>
/// <para>A rewind (asked for by the processor) drops everything not yet delivered, seeks the partition back to the
/// last committed checkpoint and restarts the processor there with a new generation.</para>
/// </remarks>
internal sealed partial class KafkaQueueAdapterReceiver : IQueueAdapterReceiver
{
    private const int MaxRecordsPerRead = 1_024;
    private const long ReservationStep = 50_000;

    private readonly KafkaPartitionRef _partition;
    private readonly IKafkaPartitionProcessor _processor;
    private readonly KafkaConsumerPump _pump;
    private readonly DeadLetterWriter _deadLetters;
    private readonly KafkaCheckpointOptions? _checkpoints;
    private readonly KafkaStartupMode _startupMode;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly PartitionFeed _feed;
    private readonly Func<KafkaQueueCache?> _cache;
    private readonly KafkaReaderStatus? _status;
    private readonly TimeProvider _time;
    private readonly KafkaPartitionOutput _output;
    private readonly DeliveryTracker _tracker = new();
    private readonly PartitionDeadLetters _deadLettered;
    private readonly KafkaStreamOptions _options;
    private readonly KafkaInstruments _instruments;
    private readonly SortedDictionary<long, int> _pendingWrites = [];
    private readonly IntPtr[] _messages = new IntPtr[MaxRecordsPerRead];
    private long _generation;
    private long _readPosition = -1;
    private long _highestRead = -1;
    private long _replayEnd = -1;
    private long _committedPosition = -1;
    private long _reservedEnd = -1;
    private long _checkpointReady = -1;
    private long _lastRecordAt;
    private long _lastCheckpointAt;
    private DeliveryBatch? _checkpointInFlight;
    private string? _failedWrite;
    private int _streamsInCheckpoint;

    public KafkaQueueAdapterReceiver(
        KafkaPartitionRef partition,
        IKafkaPartitionProcessor processor,
        KafkaConsumerPump pump,
        DeadLetterWriter deadLetters,
        KafkaStreamOptions options,
        KafkaInstruments instruments,
        ILogger logger,
        Func<KafkaQueueCache?>? cache = null,
        KafkaReaderStatus? status = null,
        TimeProvider? time = null)
    {
        _status = status;
        _cache = cache ?? (static () => null);
        _partition = partition;
        _processor = processor;
        _pump = pump;
        _deadLetters = deadLetters;
        _deadLettered = new PartitionDeadLetters(deadLetters, partition.Partition);
        _options = options;
        _checkpoints = partition.Topic.Checkpoints;
        _startupMode = options.StartupMode;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _instruments = instruments;
        _feed = new PartitionFeed(partition.Topic.Name, partition.Partition, instruments.Track(partition.Topic.Name, partition.Partition));
        _feed.Gauge.InFlight = () => _tracker.PendingContainers;
        _feed.Gauge.Buffered = () => _feed.Queue?.Length ?? 0;
        _output = new KafkaPartitionOutput(partition.Topic.Name, partition.Partition, options.MaxEventsPerDelivery);
    }

    internal PartitionFeed Feed => _feed;

    /// <summary>Whether the topic is read with checkpoints (and so can rewind).</summary>
    internal bool IsCheckpointed => _checkpoints is not null;

    /// <summary>Asks for a rewind at the next read (from any thread).</summary>
    internal void RequestRewind(string reason) => Interlocked.CompareExchange(ref _failedWrite, reason, null);

    /// <summary>The reader's generation: one more at every start and rewind.</summary>
    internal long Generation => _generation;

    public async Task Initialize(TimeSpan timeout)
    {
        await _pump.AssignAsync(_feed).WaitAsync(timeout);
        var committed = _feed.CommittedAtStart;
        var metadata = CommitMetadata.Parse(committed.Metadata);
        _committedPosition = committed.Offset;
        _readPosition = committed.Offset;
        _reservedEnd = Math.Max(metadata.ReservedEnd, committed.Offset);
        await StartDeadLettersAsync(committed.Offset, metadata.DeadLetteredThrough, metadata.Floor);
        _lastCheckpointAt = Stopwatch.GetTimestamp();
        _status?.Add(_feed.Gauge);
        await StartProcessorAsync(committed.Offset, _checkpoints is null ? -1 : metadata.ReservedEnd, "assigned");
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        var queue = _feed.Queue;
        var read = 0;
        if (queue is not null)
        {
            var limit = maxCount <= 0 ? MaxRecordsPerRead : Math.Min(maxCount, MaxRecordsPerRead);
            read = queue.Read(_messages.AsSpan(0, limit));
            if (read > 0)
            {
                await ReserveFor(queue, read);
                ProcessRead(queue, read);
            }
        }

        StartDeadLetters();
        await _processor.AfterReadAsync(_output, State(read), cancellationToken);
        if ((_output.RewindRequested ?? Interlocked.Exchange(ref _failedWrite, null)) is { } reason)
        {
            await RewindAsync(reason);
            return [];
        }

        if (_checkpoints is not null && CheckpointDue())
        {
            StartCheckpoint();
        }

        if (_checkpoints is null)
        {
            // A dead letter that landed since the last read may have been what held the commit back.
            UpdatePlainCommitTarget();
        }
        else
        {
            await TryCommitCheckpointAsync(cancellationToken);
        }

        return TakeReady();
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            if (((KafkaBatchContainer)message).Delivery is { } batch && batch.Generation == _generation)
            {
                _tracker.Delivered(batch);
            }
        }

        TakeCompletedCheckpoint();
        if (_checkpoints is null)
        {
            UpdatePlainCommitTarget();
        }
        else
        {
            await TryCommitCheckpointAsync(cancellationToken);
        }
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        // The agent purges delivered items only before its next read; purge now so the final commit covers them
        // (but not a batch whose delivery the stopping agent abandoned: see TryPurgeDeliveredAfterShutdown).
        if (_cache() is { } cache && cache.TryPurgeDeliveredAfterShutdown(out var delivered))
        {
            await MessagesDeliveredAsync(delivered, CancellationToken.None);
        }

        var pending = _deadLettered.InFlight;
        // Let dead letters in flight land so their offsets can be committed; past the timeout they are read again by the next owner.
        await Task.WhenAll(pending).WaitAsync(timeout).ContinueWith(static _ => { }, TaskScheduler.Default);
        if (_checkpoints is null)
        {
            UpdatePlainCommitTarget();
        }

        await _shutdown.CancelAsync();
        _status?.Remove(_feed.Gauge);
        await _pump.ReleaseAsync(_feed).WaitAsync(timeout);
        LogShutdown(_partition.Topic.Name, _partition.Partition, _feed.LastCommitted.Offset);
    }

    private unsafe void ProcessRead(NativePartitionQueue queue, int read)
    {
        var messages = _messages.AsSpan(0, read);
        var replayed = 0;
        try
        {
            foreach (var pointer in messages)
            {
                var message = (Librdkafka.Message*)pointer;
                if (message->Err != Librdkafka.ErrNoError)
                {
                    if (message->Err != Librdkafka.ErrPartitionEof)
                    {
                        LogConsumeError(_partition.Topic.Name, _partition.Partition, Librdkafka.ErrorText(message->Err));
                    }

                    continue;
                }

                if (message->Offset < _readPosition)
                {
                    // Fetched before a seek back and not yet discarded by librdkafka.
                    continue;
                }

                int timestampType;
                var record = new KafkaRawRecord(
                    _partition.Topic.Name,
                    _partition.Partition,
                    message->Offset,
                    new ReadOnlySpan<byte>(message->Key, (int)message->KeyLength),
                    message->Key is not null,
                    new ReadOnlySpan<byte>(message->Payload, (int)message->Length),
                    Librdkafka.Functions.MessageTimestamp(message, &timestampType));
                _output.Processing(record.Offset);
                _processor.Process(record, _output);
                _readPosition = record.Offset + 1;
                if (record.Offset < _highestRead)
                {
                    replayed++;
                }
            }

            _feed.Gauge.Position = _readPosition;
            _highestRead = Math.Max(_highestRead, _readPosition);
            _lastRecordAt = Stopwatch.GetTimestamp();
            _instruments.RecordsRead.Add(read, Diagnostics.KafkaInstruments.Tags(_partition.Topic.Name, _partition.Partition));
            if (replayed > 0)
            {
                _instruments.RecordsReplayed.Add(replayed, Diagnostics.KafkaInstruments.Tags(_partition.Topic.Name, _partition.Partition));
            }
        }
        finally
        {
            queue.Release(messages);
            messages.Clear();
        }
    }

    private unsafe (long First, long Last) Offsets(int read)
    {
        long first = -1, last = -1;
        foreach (var pointer in _messages.AsSpan(0, read))
        {
            var message = (Librdkafka.Message*)pointer;
            if (message->Err == Librdkafka.ErrNoError)
            {
                first = first < 0 ? message->Offset : first;
                last = Math.Max(last, message->Offset);
            }
        }

        return (first, last);
    }

    private KafkaPartitionState State(int read)
    {
        var gauge = _feed.Gauge;
        var position = _readPosition;
        var delivered = _tracker.DeliveredThrough;
        if (position < 0 && gauge.HighWatermark >= 0)
        {
            // Nothing committed and nothing read yet: the reader is where its startup mode starts, with nothing pending.
            position = _startupMode == KafkaStartupMode.Latest ? gauge.HighWatermark : Math.Max(0, gauge.LowWatermark);
            delivered = position - 1;
        }

        // An end no broker confirmed lately is unknown (see KafkaConsumerPump.ConfirmEnds): so is the lag, and the
        // reader does not count as caught up.
        var end = gauge.HighWatermarkConfirmedWithin(_pump.EndConfirmationWindow) ? gauge.HighWatermark : -1;
        return new KafkaPartitionState(position, delivered, end, _feed.Queue?.Length ?? 0, read, _time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    private IList<IBatchContainer> TakeReady()
    {
        if (_output.Completed.Count == 0)
        {
            return [];
        }

        var now = Stopwatch.GetTimestamp();
        var ready = new List<IBatchContainer>();
        foreach (var completed in _output.Completed)
        {
            var batch = _tracker.Open(completed.First, completed.Last, _generation, completed.IsCheckpoint, now);
            if (completed.IsCheckpoint)
            {
                _checkpointInFlight = batch;
            }

            foreach (var container in completed.Containers)
            {
                container.Delivery = batch;
                _tracker.Add(batch);
                ready.Add(container);
            }

            _tracker.Seal();
        }

        _output.Completed.Clear();
        TakeCompletedCheckpoint();
        if (_checkpoints is null)
        {
            UpdatePlainCommitTarget();
        }

        return ready;
    }

    [LoggerMessage(1400, LogLevel.Information, "Stopped reading {Topic}[{Partition}]; committed through offset {Committed}")]
    private partial void LogShutdown(string topic, int partition, long committed);

    [LoggerMessage(1401, LogLevel.Warning, "Reading {Topic}[{Partition}] failed: {Reason}")]
    private partial void LogConsumeError(string topic, int partition, string reason);
}
