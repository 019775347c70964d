using Microsoft.Extensions.Logging;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// The reader's dead letters: where the last commit left them, those an earlier owner wrote after it, and those in
/// flight that hold the commit back (<see cref="PartitionDeadLetters"/> keeps the book).
/// </summary>
internal sealed partial class KafkaQueueAdapterReceiver
{
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

    [LoggerMessage(1406, LogLevel.Warning, "A write for {Topic}[{Partition}] offset {Offset} failed; the partition reads it again: {Reason}")]
    private partial void LogWriteFailed(string topic, int partition, long offset, string reason);

    [LoggerMessage(1407, LogLevel.Information, "{Topic}[{Partition}]: {Count} dead letters written by its earlier owner after its last commit found in {DeadLetterTopic}[{DeadLetterPartition}] (offsets {From} to {End}); they are not written again")]
    private partial void LogEarlierDeadLetters(string topic, int partition, int count, string deadLetterTopic, int deadLetterPartition, long from, long end);

    [LoggerMessage(1408, LogLevel.Warning, "{Topic}[{Partition}] is not read yet: its dead letters in {DeadLetterTopic} are not known ({Reason}); retrying in {Backoff}")]
    private partial void LogDeadLettersUnknown(string topic, int partition, string deadLetterTopic, string reason, TimeSpan backoff);
}
