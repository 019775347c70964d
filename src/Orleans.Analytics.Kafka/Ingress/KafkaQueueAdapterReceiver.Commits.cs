using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Analytics.Kafka.Native;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// The reader's checkpoints, reservations, commits and rewinds: on a plain topic the commit follows the unbroken run
/// of delivered records; on a checkpointed topic it waits for each checkpoint's barriers and the processor's
/// confirmation, and a lost write or a new epoch rewinds the partition to its committed offset.
/// </summary>
internal sealed partial class KafkaQueueAdapterReceiver
{
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
        _instruments.PartitionRewinds.Add(1, Diagnostics.KafkaInstruments.Tags(_partition.Topic.Name, _partition.Partition));
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

    [LoggerMessage(1402, LogLevel.Warning, "Rewound {Topic}[{Partition}] to offset {Position} (records up to {ReplayEnd} are read again): {Reason}")]
    private partial void LogRewound(string topic, int partition, long position, long replayEnd, string reason);

    [LoggerMessage(1403, LogLevel.Debug, "Checkpoint of {Topic}[{Partition}] through offset {Offset}: barriers to {Streams} streams")]
    private partial void LogCheckpointStarted(string topic, int partition, long offset, int streams);

    [LoggerMessage(1404, LogLevel.Debug, "Checkpoint of {Topic}[{Partition}] through offset {Offset} acknowledged by {Streams} streams")]
    private partial void LogCheckpointDelivered(string topic, int partition, long offset, int streams);

    [LoggerMessage(1405, LogLevel.Debug, "{Topic}[{Partition}] reserved reading up to offset {End}")]
    private partial void LogReserved(string topic, int partition, long end);
}
