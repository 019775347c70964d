using System.Diagnostics;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Kafka;
using Orleans.Analytics.Pipeline;

namespace Orleans.Analytics.Reading;

/// <summary>
/// The reader of one partition of a source topic, inside the Kafka provider: each record is parsed once per input
/// type and offered to every job of the topic, which folds it into its mini-batch (partial aggregates per key and
/// window, or single inputs); every <c>Processing:MiniBatch:Size</c> records or <c>:Latency</c> the mini-batch goes to
/// the key grains, one delivery per key. A record no parser accepts goes to the dead-letter topic, naming the jobs.
/// </summary>
/// <remarks>
/// <para>The reader reports to the topic's clock how far its records have been delivered (and the highest event time
/// among them), and whether the partition is idle: read to its end, everything delivered, nothing new for
/// <c>Processing:IdleTimeout</c>. The clock's reply says the topic's epoch; a newer one means key grains may have lost
/// state, and the reader rewinds to its last checkpoint.</para>
/// <para>Records that may have been delivered before (after a rewind or a take-over) go on as single inputs, which key
/// grains skip one by one, and so do inputs of windows that may already be closed: key grains judge those one by one.
/// Stateless jobs' output is written here, and holds the partition's commit until Kafka has it.</para>
/// </remarks>
internal sealed partial class TopicReader : IKafkaPartitionProcessor
{
    private static readonly TimeSpan ActiveReportInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(500);

    private readonly string _topic;
    private readonly int _partition;
    private readonly IInputGroup[] _groups;
    private readonly JobRuntime[] _stateless;
    private readonly ProcessingOptions _options;
    private readonly IGrainFactory _grains;
    private readonly IKafkaSink _sink;
    private readonly JobActivity _activity;
    private readonly PipelineInstruments _instruments;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReaderBatch _batch;
    private readonly long _delay;
    private readonly List<(long Last, long MaxEventTime)> _flushed = [];
    private readonly List<SinkRecord> _statelessOutput = [];
    private readonly List<(IReadOnlyList<string> Jobs, ParseFailure Failure)> _failures = [];
    private int _deliveredIndex;
    private int _recordsInBatch;
    private long _batchStartedAt;
    private long _maxEventTime = long.MinValue;
    private long _deliveredMaxEventTime = long.MinValue;
    private long _deliveredThrough = -1;
    private long _reportedThrough = -2;
    private long _lastReportAt;
    private long _lastRecordAt = -1;
    private long _startedAt;
    private bool _idle;
    private bool _reportedIdle;
    private bool _boundUnknown = true;
    private long _highest = long.MinValue;
    private long _epoch = -1;
    private List<string>? _wake;
    private long? _rewindEpoch;
    private Task? _reporting;
    private TopicClockReply? _pendingReply;

    /// <summary>The most key grains a partition remembers to wake after a rewind; past it, their reminders wake them.</summary>
    internal const int MaxRecentKeys = 2_000;

    public TopicReader(
        string topic,
        int partition,
        IReadOnlyList<JobRuntime> jobs,
        ProcessingOptions options,
        AnalyticsTopics topics,
        IGrainFactory grains,
        IKafkaSink sink,
        JobActivity activity,
        PipelineInstruments instruments,
        TimeProvider time,
        ILogger logger)
    {
        _instruments = instruments;
        _topic = topic;
        _partition = partition;
        _options = options;
        _grains = grains;
        _sink = sink;
        _activity = activity;
        _time = time;
        _logger = logger;
        _batch = new ReaderBatch(topic, partition);
        _delay = TimeMath.ToMilliseconds(options.WatermarkDelay);
        var settings = new ReaderSettings(options.TimeMode, options.MiniBatch.Enabled, topics);
        _stateless = [.. jobs.Where(j => j.Processor is not null)];
        _groups =
        [
            .. jobs.Where(j => j.Processor is null)
                .GroupBy(j => j.Parser!)
                .Select(g => g.First().CreateInputGroup([.. g], settings)),
        ];
    }

    private ITopicClockGrain Clock => _grains.GetGrain<ITopicClockGrain>(_topic);

    private bool Keyed => _groups.Length > 0;

    public async ValueTask StartAsync(KafkaPartitionStart start, CancellationToken cancellationToken)
    {
        foreach (var group in _groups)
        {
            group.Clear();
        }

        _batch.Generation = start.Generation;
        _batch.ReplayEnd = start.ReplayEnd;
        _batch.FirstOffset = -1;
        _batch.LastOffset = -1;
        _recordsInBatch = 0;
        _flushed.Clear();
        _deliveredIndex = 0;
        _maxEventTime = long.MinValue;
        _deliveredMaxEventTime = long.MinValue;
        _deliveredThrough = start.Position - 1;
        _reportedThrough = -2;
        _idle = false;
        _boundUnknown = true;
        _startedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!Keyed)
        {
            return;
        }

        // Learn the epoch before anything is delivered: a reader of an older one would be ignored by the clock.
        var reply = await ReportAsync(force: true);
        if (reply is not null)
        {
            _epoch = reply.Epoch;
            _batch.Epoch = reply.Epoch;
        }

        if (start.ReplayEnd > start.Position)
        {
            LogReplaying(_topic, _partition, start.Position, start.ReplayEnd, start.Reason);
        }

        // Wake the key grains this partition fed lately (as this reader and the last checkpoint know them): one whose
        // silo died with what it held comes back now, not at its reminder.
        var wake = new HashSet<string>(_batch.Recent.Keys, StringComparer.Ordinal);
        try
        {
            wake.UnionWith(await Clock.GetRecentKeysAsync(_partition));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReportFailed(_topic, _partition, ex.Message);
        }

        _wake = wake.Count > 0 ? [.. wake] : null;
    }

    public void Process(in KafkaRawRecord record, KafkaPartitionOutput output)
    {
        var batch = _batch;
        batch.Offset = record.Offset;
        batch.RecordTimestamp = record.TimestampMs;
        batch.Now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        batch.WatermarkTime = null;
        batch.WatermarkBound = _boundUnknown ? long.MaxValue : Math.Max(_highest, OwnWatermark);
        if (batch.FirstOffset < 0)
        {
            batch.FirstOffset = record.Offset;
            _batchStartedAt = Stopwatch.GetTimestamp();
        }

        batch.LastOffset = record.Offset;
        _recordsInBatch++;
        _failures.Clear();
        foreach (var group in _groups)
        {
            if (!group.Route(record, batch, out var failure))
            {
                _failures.Add((group.JobNames, failure));
            }
        }

        foreach (var job in _stateless)
        {
            _statelessOutput.Clear();
            job.Processor!.Process(record, _time.GetUtcNow(), _statelessOutput);
            if (_statelessOutput.Count > 0)
            {
                output.TrackWrite(_sink.ProduceAllAsync([.. _statelessOutput]), record.Offset);
            }
        }

        if (_failures.Count > 0)
        {
            // The reason names the jobs whose parser rejected the record: "orders-per-region: region is missing".
            var first = _failures[0].Failure;
            var reason = _failures.Count == 1
                ? string.Concat(string.Join(", ", _failures[0].Jobs), ": ", first.Reason)
                : string.Join("; ", _failures.Select(f => $"{string.Join(", ", f.Jobs)}: {f.Failure.Reason}"));
            output.DeadLetter(record, first.ErrorType, reason);
        }

        if (_options.TimeMode == TimeMode.ProcessingTime)
        {
            _maxEventTime = Math.Max(_maxEventTime, batch.Now);
        }
        else if (batch.WatermarkTime is { } time)
        {
            _maxEventTime = Math.Max(_maxEventTime, time);
        }
    }

    public async ValueTask AfterReadAsync(KafkaPartitionOutput output, KafkaPartitionState state, CancellationToken cancellationToken)
    {
        var now = state.Now;
        if (state.RecordsRead > 0)
        {
            _lastRecordAt = now;
        }

        if (_recordsInBatch > 0 && (!_options.MiniBatch.Enabled || _recordsInBatch >= _options.MiniBatch.Size
            || Stopwatch.GetElapsedTime(_batchStartedAt) >= _options.MiniBatch.Latency))
        {
            FlushBatch(output);
        }

        if (!Keyed)
        {
            return;
        }

        if (_rewindEpoch is { } newer && newer > _epoch)
        {
            _rewindEpoch = null;
            output.RequestRewind($"the clock of {_topic} moved to epoch {newer} (was {_epoch}) while a checkpoint was taken");
            return;
        }

        if (_wake is { } wake)
        {
            _wake = null;
            foreach (var key in wake)
            {
                output.Touch(JobStreams.For(key));
            }

            output.RequestCheckpoint();
        }

        AdvanceDelivered(state.DeliveredThrough);
        if (Interlocked.Exchange(ref _pendingReply, null) is { } background)
        {
            Take(background, output);
        }
        var quietSince = _lastRecordAt < 0 ? _startedAt : _lastRecordAt;
        _idle = state.IsCaughtUp && _recordsInBatch == 0 && now - quietSince >= (long)_options.IdleTimeout.TotalMilliseconds;
        var sinceReport = now - _lastReportAt;
        var due = _idle != _reportedIdle
            || (_deliveredThrough > _reportedThrough && sinceReport >= ActiveReportInterval.TotalMilliseconds)
            || sinceReport >= HeartbeatInterval.TotalMilliseconds
            || _boundUnknown;
        if (!due)
        {
            return;
        }

        // Records after an idle spell are not delivered before the clock counts the partition again (the report is
        // awaited); otherwise the read goes on and the answer is taken when it comes.
        if (_boundUnknown || _idle != _reportedIdle)
        {
            Take(await ReportAsync(force: false, state.Lag), output);
        }
        else if (_reporting is null)
        {
            _reporting = ReportInBackgroundAsync(state.Lag);
        }
    }

    private async Task ReportInBackgroundAsync(long lag)
    {
        try
        {
            _pendingReply = await ReportAsync(force: false, lag);
        }
        finally
        {
            _reporting = null;
        }
    }

    private void Take(TopicClockReply? reply, KafkaPartitionOutput output)
    {
        if (reply is null)
        {
            return;
        }

        if (reply.Epoch > _epoch)
        {
            output.RequestRewind($"the clock of {_topic} moved to epoch {reply.Epoch} (was {_epoch}): a key grain may have lost state");
            return;
        }

        // While the partition counts as idle the watermark may move on without it: records read then go on as single
        // inputs, and the report that counts the partition again is made before any of them is delivered.
        _boundUnknown = _reportedIdle;
        _highest = Math.Max(_highest, reply.HighestWatermark);
        _activity.SetWatermark(_topic, _partition, OwnWatermark);
    }

    public void Flush(KafkaPartitionOutput output)
    {
        if (_recordsInBatch > 0)
        {
            FlushBatch(output);
        }
    }

    /// <summary>
    /// A checkpoint is committed only if the topic is still in the epoch it was taken in: if a rewind started
    /// meanwhile, a key grain that acknowledged it may have come back without what it covered.
    /// </summary>
    public async ValueTask<bool> ConfirmCheckpointAsync(long offset, CancellationToken cancellationToken)
    {
        if (!Keyed)
        {
            return true;
        }

        var reply = await ReportAsync(force: false);
        if (reply is null || reply.Epoch != _epoch)
        {
            _rewindEpoch = reply?.Epoch;
            return false;
        }

        return true;
    }

    public async ValueTask OnCheckpointAsync(KafkaCheckpointCompleted checkpoint, CancellationToken cancellationToken)
    {
        if (!Keyed)
        {
            return;
        }

        // The highest event time before the committed offset: where this partition goes back to at a rewind.
        var maxEventTime = long.MinValue;
        var trimmed = 0;
        foreach (var (last, time) in _flushed)
        {
            if (last >= checkpoint.CommittedOffset)
            {
                break;
            }

            maxEventTime = time;
            trimmed++;
        }

        if (trimmed > 1)
        {
            _flushed.RemoveRange(0, trimmed - 1);
            _deliveredIndex = Math.Max(0, _deliveredIndex - (trimmed - 1));
        }

        // Grains whose state the watermark has certainly closed by now need no waking any more.
        var bound = Math.Max(_highest, OwnWatermark);
        var recent = _batch.Recent;
        foreach (var (key, until) in recent.ToArray())
        {
            if (until < bound)
            {
                recent.Remove(key);
            }
        }

        var keys = recent.Count <= MaxRecentKeys
            ? [.. recent.Keys]
            : recent.OrderByDescending(r => r.Value).Take(MaxRecentKeys).Select(r => r.Key).ToArray();
        try
        {
            await Clock.CheckpointAsync(_partition, _epoch, checkpoint.CommittedOffset, maxEventTime, keys);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An older checkpoint position only means going back further at a rewind.
            LogCheckpointReportFailed(_topic, _partition, ex.Message);
        }
    }

    private long OwnWatermark => _maxEventTime == long.MinValue ? long.MinValue : TimeMath.SubtractSaturating(_maxEventTime, _delay);

    private void FlushBatch(KafkaPartitionOutput output)
    {
        foreach (var group in _groups)
        {
            group.Flush(output, _batch);
        }

        _instruments.MiniBatchFlushes.Add(1, new KeyValuePair<string, object?>("topic", _topic));
        output.CompleteBatch();
        _flushed.Add((_batch.LastOffset, _maxEventTime));
        _batch.FirstOffset = -1;
        _batch.LastOffset = -1;
        _recordsInBatch = 0;
    }

    private void AdvanceDelivered(long deliveredThrough)
    {
        _deliveredThrough = deliveredThrough;
        while (_deliveredIndex < _flushed.Count && _flushed[_deliveredIndex].Last <= deliveredThrough)
        {
            _deliveredMaxEventTime = Math.Max(_deliveredMaxEventTime, _flushed[_deliveredIndex].MaxEventTime);
            _deliveredIndex++;
        }

        // Keep what a checkpoint may still ask for, not every batch ever flushed.
        if (_deliveredIndex > 4_096)
        {
            _flushed.RemoveRange(0, _deliveredIndex - 1);
            _deliveredIndex = 1;
        }
    }

    private async Task<TopicClockReply?> ReportAsync(bool force, long lag = -1)
    {
        try
        {
            var reply = await Clock.ReportAsync(new PartitionProgressReport(
                _partition, force ? -1 : _epoch, _deliveredThrough, _deliveredMaxEventTime, _idle, _lastRecordAt, lag));
            _lastReportAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
            _reportedThrough = _deliveredThrough;
            _reportedIdle = _idle && !force;
            return reply;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The clock holds this partition where it was reported last; the next read reports again.
            LogReportFailed(_topic, _partition, ex.Message);
            return null;
        }
    }

    [LoggerMessage(2400, LogLevel.Information, "{Topic}[{Partition}] reads offsets {Position} to {ReplayEnd} again as single inputs ({Reason})")]
    private partial void LogReplaying(string topic, int partition, long position, long replayEnd, string reason);

    [LoggerMessage(2401, LogLevel.Warning, "Reporting {Topic}[{Partition}] to its clock failed; will retry: {Reason}")]
    private partial void LogReportFailed(string topic, int partition, string reason);

    [LoggerMessage(2402, LogLevel.Warning, "Reporting the checkpoint of {Topic}[{Partition}] to its clock failed: {Reason}")]
    private partial void LogCheckpointReportFailed(string topic, int partition, string reason);
}
