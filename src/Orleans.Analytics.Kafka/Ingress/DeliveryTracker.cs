namespace Orleans.Analytics.Kafka;

/// <summary>
/// Which records of a partition have been delivered: batches complete in any order, and the reader's delivered
/// position moves over the unbroken run of completed batches, as offsets are committed over an unbroken run.
/// Used from the reader's turn only.
/// </summary>
internal sealed class DeliveryTracker
{
    private readonly LinkedList<DeliveryBatch> _open = new();
    private long _sequence;

    /// <summary>Every record up to and including this offset is delivered (-1: none yet).</summary>
    public long DeliveredThrough { get; private set; } = -1;

    /// <summary>The last checkpoint whose barriers were all delivered, or null.</summary>
    public DeliveryBatch? LastCheckpoint { get; private set; }

    /// <summary>Batches not yet delivered.</summary>
    public int OpenBatches => _open.Count;

    /// <summary>Items emitted and not yet delivered.</summary>
    public int PendingContainers { get; private set; }

    /// <summary>Whether a checkpoint is waiting for its barriers.</summary>
    public bool CheckpointInFlight { get; private set; }

    /// <summary>Starts over at <paramref name="position"/> (nothing before it is pending); batches still open are forgotten.</summary>
    public void Reset(long position)
    {
        _open.Clear();
        PendingContainers = 0;
        CheckpointInFlight = false;
        DeliveredThrough = position - 1;
    }

    /// <summary>Opens a batch covering <paramref name="firstOffset"/>..<paramref name="lastOffset"/>; its containers are added with <see cref="Add"/>.</summary>
    public DeliveryBatch Open(long firstOffset, long lastOffset, long generation, bool isCheckpoint, long now)
    {
        var batch = new DeliveryBatch(++_sequence, firstOffset, lastOffset, generation, isCheckpoint) { EmittedAt = now };
        _open.AddLast(batch);
        CheckpointInFlight |= isCheckpoint;
        return batch;
    }

    public void Add(DeliveryBatch batch)
    {
        batch.Pending++;
        batch.Containers++;
        PendingContainers++;
    }

    /// <summary>Closes a batch for adding: one without containers is delivered at once.</summary>
    public void Seal() => Advance();

    /// <summary>A container of <paramref name="batch"/> was delivered; returns the checkpoints that completed.</summary>
    public void Delivered(DeliveryBatch batch)
    {
        if (batch.Pending <= 0)
        {
            return;
        }

        batch.Pending--;
        PendingContainers--;
        Advance();
    }

    /// <summary>The checkpoint that completed since the last call, if any.</summary>
    public DeliveryBatch? TakeCompletedCheckpoint()
    {
        var completed = _completed;
        _completed = null;
        return completed;
    }

    private DeliveryBatch? _completed;

    private void Advance()
    {
        while (_open.First is { } node && node.Value.Pending == 0)
        {
            var batch = node.Value;
            _open.RemoveFirst();
            if (batch.IsCheckpoint)
            {
                CheckpointInFlight = false;
                LastCheckpoint = batch;
                _completed = batch;
            }
            else
            {
                DeliveredThrough = Math.Max(DeliveredThrough, batch.LastOffset);
            }
        }
    }
}
