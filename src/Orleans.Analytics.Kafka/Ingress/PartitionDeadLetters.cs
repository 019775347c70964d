namespace Orleans.Analytics.Kafka;

/// <summary>
/// The dead letters of one source partition, so that each bad record gets exactly one: across rewinds (a record read
/// again is not dead-lettered again, also while its first dead letter is still being sent) and across owners (the
/// next owner skips the dead letters found beyond the last commit, <see cref="EarlierDeadLetters"/>).
/// </summary>
/// <remarks>
/// A dead letter lands in the dead-letter partition at or above the position known when it was sent: at or above the
/// partition's end when this owner started, and above every dead letter of this owner acknowledged before. A commit
/// notes the lowest such position of the dead letters of records it does not cover (<see cref="FloorFor"/>).
/// </remarks>
internal sealed class PartitionDeadLetters(DeadLetterWriter writer, int sourcePartition)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, Task> _pending = [];
    private readonly SortedDictionary<long, long> _floors = [];
    private HashSet<long> _earlier = [];
    private long _through = -1;
    private long _next;

    /// <summary>The partition of the dead-letter topic this partition's dead letters go to.</summary>
    public int Partition { get; } = writer.PartitionFor(sourcePartition);

    /// <summary>Dead letters found written by an earlier owner and not written again, since the start.</summary>
    public int SkippedAsEarlier { get; private set; }

    /// <summary>
    /// Starts from what the last commit says (<paramref name="through"/>), the dead-letter partition's end now, and
    /// the dead letters an earlier owner wrote after its last commit.
    /// </summary>
    public void Start(long through, long partitionEnd, HashSet<long> earlier)
    {
        lock (_gate)
        {
            _through = through;
            _next = Math.Max(_next, partitionEnd);
            _earlier = earlier;
        }
    }

    /// <summary>
    /// Sends the dead letter of <paramref name="request"/>, unless this record's dead letter was written (by this owner
    /// before a rewind or by an earlier one) or is being sent.
    /// </summary>
    public void Send(KafkaPartitionOutput.DeadLetterRequest request, CancellationToken cancellationToken)
    {
        var offset = request.Source.Record.Offset;
        lock (_gate)
        {
            if (offset <= _through || _pending.ContainsKey(offset))
            {
                return;
            }

            if (_earlier.Remove(offset))
            {
                SkippedAsEarlier++;
                _through = Math.Max(_through, offset);
                return;
            }

            _floors[offset] = _next;
        }

        var send = writer.SendAsync(request.Source, request.ErrorType, request.Reason, cancellationToken);
        lock (_gate)
        {
            _pending[offset] = send.ContinueWith(
                t => Landed(offset, t.IsCompletedSuccessfully ? t.Result : null),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>
    /// The last offset up to which every dead letter is written. Dead letters land in any order: this is below the
    /// first one still in flight, or the next owner would skip a record whose dead letter never landed.
    /// </summary>
    public long Through
    {
        get
        {
            lock (_gate)
            {
                foreach (var pending in _pending.Keys)
                {
                    return Math.Min(_through, pending - 1);
                }

                return _through;
            }
        }
    }

    /// <summary>The lowest offset whose dead letter is still being sent, if any.</summary>
    public long? FirstPending
    {
        get
        {
            lock (_gate)
            {
                foreach (var offset in _pending.Keys)
                {
                    return offset;
                }

                return null;
            }
        }
    }

    /// <summary>The dead letters in flight.</summary>
    public Task[] InFlight
    {
        get
        {
            lock (_gate)
            {
                return [.. _pending.Values];
            }
        }
    }

    /// <summary>Where, for a commit that claims dead letters up to <paramref name="through"/>, the dead letters of later records may start.</summary>
    public DeadLetterFloor FloorFor(long through)
    {
        lock (_gate)
        {
            while (_floors.Count > 0 && _floors.First().Key <= through)
            {
                _floors.Remove(_floors.First().Key);
            }

            var floor = _next;
            foreach (var sent in _floors.Values)
            {
                floor = Math.Min(floor, sent);
            }

            return new DeadLetterFloor(Partition, floor);
        }
    }

    private void Landed(long offset, long? at)
    {
        lock (_gate)
        {
            _pending.Remove(offset);
            if (at is { } landed)
            {
                _through = Math.Max(_through, offset);
                _next = Math.Max(_next, landed + 1);
            }
        }
    }
}
