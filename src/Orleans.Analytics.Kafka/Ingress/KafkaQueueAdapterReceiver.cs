using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
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
        _feed = new PartitionFeed(partition.Topic.Name, partition.Partition);
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
        // The agent purges delivered items only before its next read; purge now so the final commit covers them.
        if (_cache() is { } cache && cache.TryPurgeFromCache(out var delivered))
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

    /// <summary>On a checkpointed topic, makes sure the records just read are within the reservation written down.</summary>
    private async Task ReserveFor(NativePartitionQueue queue, int read)
    {
        if (_checkpoints is null)
        {
            return;
        }

        var (first, last) = Offsets(read);
        if (last < _reservedEnd)
        {
            return;
        }

        try
        {
            await ReserveAsync(last + 1 + ReservationStep, first);
        }
        catch
        {
            // Not processed: give the records back and read them again once a reservation succeeds.
            queue.Release(_messages.AsSpan(0, read));
            await _pump.SeekAsync(_feed, first);
            throw;
        }
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
            Diagnostics.KafkaInstruments.RecordsRead.Add(read, Diagnostics.KafkaInstruments.Tags(_partition.Topic.Name, _partition.Partition));
            if (replayed > 0)
            {
                Diagnostics.KafkaInstruments.RecordsReplayed.Add(replayed, Diagnostics.KafkaInstruments.Tags(_partition.Topic.Name, _partition.Partition));
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

    /// <summary>
    /// Notes a checkpoint whose barriers were all delivered. One without barriers (no stream was fed since the last
    /// checkpoint, e.g. every record was filtered out) completes as it is emitted, with no delivery to report it.
    /// </summary>
    private void TakeCompletedCheckpoint()
    {
        if (_tracker.TakeCompletedCheckpoint() is { } checkpoint)
        {
            _checkpointInFlight = null;
            _checkpointReady = Math.Max(_checkpointReady, checkpoint.LastOffset);
            LogCheckpointDelivered(_partition.Topic.Name, _partition.Partition, checkpoint.LastOffset, checkpoint.Containers);
        }
    }

    private bool CheckpointDue()
    {
        if (_checkpointInFlight is not null)
        {
            return false;
        }

        if (_output.CheckpointRequested && _output.FedSinceCheckpoint.Count > 0)
        {
            // Asked for (for example to wake streams after a rewind), even with nothing new read.
            return true;
        }

        if (_readPosition < 0 || _readPosition - 1 <= Math.Max(_checkpointReady, _committedPosition - 1))
        {
            return false;
        }

        if (_output.CheckpointRequested || _checkpoints!.Interval <= TimeSpan.Zero)
        {
            return true;
        }

        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_lastCheckpointAt, now) >= _checkpoints.Interval)
        {
            return true;
        }

        // A finished burst: everything read, nothing new for the quiet period.
        var queued = _feed.Queue?.Length ?? 0;
        return queued == 0 && _feed.Gauge.HighWatermark >= 0 && _feed.Gauge.HighWatermark <= _readPosition
            && Stopwatch.GetElapsedTime(_lastRecordAt, now) >= _checkpoints.QuietPeriod;
    }

    /// <summary>Emits everything the processor holds, then a barrier to every stream fed since the last checkpoint.</summary>
    private void StartCheckpoint()
    {
        _output.ClearRequests();
        _processor.Flush(_output);
        _output.CompleteBatch();
        var through = _readPosition - 1;
        var barrier = new KafkaCheckpoint(_partition.Partition, through, _generation);
        var now = Stopwatch.GetTimestamp();
        _lastCheckpointAt = now;

        // The data batches first, so the barriers follow them in the tracker's order as they do on every stream.
        var containers = new List<KafkaBatchContainer>();
        foreach (var stream in _output.FedSinceCheckpoint)
        {
            containers.Add(new KafkaBatchContainer(stream, _partition.Partition, [barrier], [through]));
        }

        _output.ClearCheckpointSet();
        _streamsInCheckpoint = containers.Count;
        _output.Completed.Add(new KafkaPartitionOutput.CompletedBatch(through, through, containers) { IsCheckpoint = true });
        LogCheckpointStarted(_partition.Topic.Name, _partition.Partition, through, containers.Count);
    }

    private async ValueTask TryCommitCheckpointAsync(CancellationToken cancellationToken)
    {
        if (_checkpointReady < 0 || _checkpointReady < _committedPosition)
        {
            return;
        }

        // A dead letter still in flight at or below the checkpoint holds it back.
        if (FirstPendingDeadLetter() is { } pending && pending <= _checkpointReady)
        {
            return;
        }

        var ready = _checkpointReady;
        var generation = _generation;
        if (!await _processor.ConfirmCheckpointAsync(ready, cancellationToken) || generation != _generation)
        {
            // What the checkpoint covered may no longer be held: it is not committed, and the processor rewinds.
            _checkpointReady = -1;
            return;
        }

        var committed = ready + 1;
        var duration = Stopwatch.GetElapsedTime(_lastCheckpointAt);
        _committedPosition = committed;
        _checkpointReady = -1;
        _feed.SetTarget(committed, Metadata());
        await _processor.OnCheckpointAsync(new KafkaCheckpointCompleted(committed, duration, _streamsInCheckpoint), cancellationToken);
    }

    private void UpdatePlainCommitTarget()
    {
        var through = _tracker.DeliveredThrough;
        if (FirstPendingDeadLetter() is { } pending)
        {
            through = Math.Min(through, pending - 1);
        }

        if (through >= 0)
        {
            _feed.SetTarget(through + 1, Metadata());
        }
    }

    private async Task ReserveAsync(long end, long firstRead)
    {
        _reservedEnd = end;
        var position = Math.Max(_committedPosition, _feed.LastCommitted.Offset);
        if (position < 0)
        {
            // Nothing committed yet: the first record read is where a restart would begin.
            position = firstRead;
        }

        _feed.SetTarget(position, Metadata());
        await _pump.CommitNowAsync(_feed);

        // That is a commit too: a rewind before the first checkpoint goes back to it (with nothing committed, a
        // seek would go to the client's stored position, past every record read so far).
        _committedPosition = Math.Max(_committedPosition, position);
        LogReserved(_partition.Topic.Name, _partition.Partition, end);
    }

    private string Metadata()
    {
        var through = _deadLettered.Through;
        return CommitMetadata.Format(_checkpoints is null ? -1 : _reservedEnd, through, _deadLettered.FloorFor(through));
    }

    /// <summary>
    /// Picks up the dead letters where the last commit left them: those it claims are not written again, and those an
    /// earlier owner wrote after it (found in the dead-letter partition from the commit's floor on) are not either.
    /// </summary>
    private async Task StartDeadLettersAsync(long committed, long through, DeadLetterFloor? floor)
    {
        // Reading the partition before knowing its dead letters could write one twice: wait for the dead-letter topic.
        var backoff = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await FindDeadLettersAsync(committed, through, floor);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDeadLettersUnknown(_partition.Topic.Name, _partition.Partition, _deadLetters.Topic, ex.Message, backoff);
                await Task.Delay(backoff, _time, _shutdown.Token);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private async Task FindDeadLettersAsync(long committed, long through, DeadLetterFloor? floor)
    {
        var end = await _pump.QueryEndAsync(_deadLetters.Topic, _deadLettered.Partition);
        var earlier = new HashSet<long>();
        if (floor is { } f)
        {
            var floorEnd = f.Partition == _deadLettered.Partition ? end : await _pump.QueryEndAsync(_deadLetters.Topic, f.Partition);
            if (floorEnd > f.Offset)
            {
                earlier = await Task.Run(() => EarlierDeadLetters.Read(
                    _options, _pump.GroupId, _deadLetters.Topic, f.Partition, f.Offset, floorEnd, _partition.Topic.Name, _partition.Partition, Math.Max(through, committed - 1), _shutdown.Token));
                if (earlier.Count > 0)
                {
                    LogEarlierDeadLetters(_partition.Topic.Name, _partition.Partition, earlier.Count, _deadLetters.Topic, f.Partition, f.Offset, floorEnd);
                }
            }
        }

        _deadLettered.Start(through, end, earlier);
    }

    private async Task RewindAsync(string reason)
    {
        _cache()?.Clear();
        lock (_pendingWrites)
        {
            // Output of the records read again is written again; what was in flight no longer holds the commit.
            _pendingWrites.Clear();
        }

        // Everything any earlier generation (or, after a take-over, the previous owner's reservation) may have
        // delivered is read again as single inputs, not only what this generation got to: a consumer may hold records
        // up to there, and a partial aggregate that straddles what it holds would be dropped. The rewind goes back to
        // the committed offset (before this reader's first checkpoint: the one it started from).
        var replayEnd = Math.Max(_readPosition, Math.Max(_highestRead, _replayEnd));
        var position = Math.Max(_committedPosition, _feed.LastCommitted.Offset);
        _checkpointInFlight = null;
        _checkpointReady = -1;
        await _pump.SeekAsync(_feed, position);
        _readPosition = position;
        _feed.Gauge.Position = position;
        Diagnostics.KafkaInstruments.PartitionRewinds.Add(1, Diagnostics.KafkaInstruments.Tags(_partition.Topic.Name, _partition.Partition));
        LogRewound(_partition.Topic.Name, _partition.Partition, position, replayEnd, reason);
        await StartProcessorAsync(position, replayEnd, reason);
    }

    private async Task StartProcessorAsync(long position, long replayEnd, string reason)
    {
        _generation++;
        _replayEnd = Math.Max(_replayEnd, replayEnd);
        _output.Reset();
        _output.Generation = _generation;
        _tracker.Reset(position);
        await _processor.StartAsync(new KafkaPartitionStart(_partition.Topic.Name, _partition.Partition, position, replayEnd, _generation, reason), _shutdown.Token);
    }

    private void StartDeadLetters()
    {
        foreach (var (offset, write) in _output.Writes)
        {
            lock (_pendingWrites)
            {
                _pendingWrites[offset] = _pendingWrites.GetValueOrDefault(offset) + 1;
            }

            var generation = _generation;
            write.ContinueWith(
                t =>
                {
                    if (!t.IsCompletedSuccessfully)
                    {
                        // Not written: the offset stays uncommitted; a rewind writes it again.
                        LogWriteFailed(_partition.Topic.Name, _partition.Partition, offset, t.Exception?.GetBaseException().Message ?? "cancelled");
                        if (generation == _generation)
                        {
                            Interlocked.CompareExchange(ref _failedWrite, $"a write for offset {offset} failed", null);
                        }

                        return;
                    }

                    lock (_pendingWrites)
                    {
                        if (_pendingWrites.TryGetValue(offset, out var count))
                        {
                            if (count <= 1)
                            {
                                _pendingWrites.Remove(offset);
                            }
                            else
                            {
                                _pendingWrites[offset] = count - 1;
                            }
                        }
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        _output.Writes.Clear();
        foreach (var request in _output.DeadLetters)
        {
            _deadLettered.Send(request, _shutdown.Token);
        }

        _output.DeadLetters.Clear();
    }

    private long? FirstPendingDeadLetter()
    {
        var first = _deadLettered.FirstPending;
        lock (_pendingWrites)
        {
            foreach (var offset in _pendingWrites.Keys)
            {
                first = first is null ? offset : Math.Min(first.Value, offset);
                break;
            }
        }

        return first;
    }

    [LoggerMessage(1400, LogLevel.Information, "Stopped reading {Topic}[{Partition}]; committed through offset {Committed}")]
    private partial void LogShutdown(string topic, int partition, long committed);

    [LoggerMessage(1401, LogLevel.Warning, "Reading {Topic}[{Partition}] failed: {Reason}")]
    private partial void LogConsumeError(string topic, int partition, string reason);

    [LoggerMessage(1402, LogLevel.Warning, "Rewound {Topic}[{Partition}] to offset {Position} (records up to {ReplayEnd} are read again): {Reason}")]
    private partial void LogRewound(string topic, int partition, long position, long replayEnd, string reason);

    [LoggerMessage(1403, LogLevel.Debug, "Checkpoint of {Topic}[{Partition}] through offset {Offset}: barriers to {Streams} streams")]
    private partial void LogCheckpointStarted(string topic, int partition, long offset, int streams);

    [LoggerMessage(1404, LogLevel.Debug, "Checkpoint of {Topic}[{Partition}] through offset {Offset} acknowledged by {Streams} streams")]
    private partial void LogCheckpointDelivered(string topic, int partition, long offset, int streams);

    [LoggerMessage(1406, LogLevel.Warning, "A write for {Topic}[{Partition}] offset {Offset} failed; the partition reads it again: {Reason}")]
    private partial void LogWriteFailed(string topic, int partition, long offset, string reason);

    [LoggerMessage(1407, LogLevel.Information, "{Topic}[{Partition}]: {Count} dead letters written by its earlier owner after its last commit found in {DeadLetterTopic}[{DeadLetterPartition}] (offsets {From} to {End}); they are not written again")]
    private partial void LogEarlierDeadLetters(string topic, int partition, int count, string deadLetterTopic, int deadLetterPartition, long from, long end);

    [LoggerMessage(1408, LogLevel.Warning, "{Topic}[{Partition}] is not read yet: its dead letters in {DeadLetterTopic} are not known ({Reason}); retrying in {Backoff}")]
    private partial void LogDeadLettersUnknown(string topic, int partition, string deadLetterTopic, string reason, TimeSpan backoff);

    [LoggerMessage(1405, LogLevel.Debug, "{Topic}[{Partition}] reserved reading up to offset {End}")]
    private partial void LogReserved(string topic, int partition, long end);
}
