namespace Orleans.Analytics.Kafka;

/// <summary>
/// A consumer's position in a stream of the <see cref="KafkaQueueCache"/>. The pulling agent moves it only after
/// the previous batch was delivered, so the batch it points at is in delivery and everything before is done.
/// </summary>
internal sealed class KafkaQueueCacheCursor : IQueueCacheCursor
{
    private readonly KafkaQueueCache.StreamEntries _stream;
    private KafkaQueueCache.CacheEntry? _current;
    private int _next;

    public KafkaQueueCacheCursor(KafkaQueueCache.StreamEntries stream, int start)
    {
        _stream = stream;
        _next = start;
    }

    /// <summary>The index of the first batch this cursor has not finished with.</summary>
    public int ClaimFrom => _current?.Index ?? _next;

    public IBatchContainer? GetCurrent(out Exception? exception)
    {
        exception = null;
        return _current?.Batch;
    }

    public QueueCacheCursorMoveResult MoveNextWithResult() =>
        Advance() ? QueueCacheCursorMoveResult.Success : QueueCacheCursorMoveResult.NoData;

    [Obsolete("Use MoveNextWithResult instead.")]
    public bool MoveNext() => Advance();

    private bool Advance()
    {
        // The stream is still being delivered: whatever a cursor disposed before this one had in hand was handed on.
        _stream.ReleasedClaim = null;
        _next = Math.Max(_next, _stream.Removed);
        if (_next < _stream.EndIndex)
        {
            _current = _stream.Items[_next - _stream.Removed];
            _next++;
            return true;
        }

        _current = null;
        return false;
    }

    // Batches that arrive later are appended after this cursor's position, so there is nothing to re-seek.
    public void Refresh(StreamSequenceToken token)
    {
    }

    // The failure handler dead-letters the batch; the cursor moves on like after a delivery.
    public void RecordDeliveryFailure()
    {
    }

    public void Dispose()
    {
        if (_stream.Cursors.Remove(this))
        {
            _stream.Release(ClaimFrom);
        }
    }
}
