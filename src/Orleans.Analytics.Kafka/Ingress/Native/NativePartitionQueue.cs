namespace Orleans.Analytics.Kafka.Native;

/// <summary>
/// One partition's fetched records in librdkafka's memory. Its reader takes them a batch at a time without waiting
/// and must give every batch back (<see cref="Release"/>) once done with its bytes. Any thread may dispose the queue
/// (the consumer thread does when the partition is released) while its reader or the metrics exporter is using it:
/// librdkafka's queue, and the consumer behind it, are destroyed only once the last of them has finished, and no
/// batch taken before is left pointing into freed memory.
/// </summary>
internal sealed unsafe class NativePartitionQueue(QueueHandle queue, string topic, int partition) : IDisposable
{
    public string Topic { get; } = topic;

    public int Partition { get; } = partition;

    /// <summary>True once librdkafka's queue is destroyed: disposed, and no batch of it is held any more.</summary>
    public bool IsDestroyed => queue.IsDestroyed;

    /// <summary>Records (and events) waiting in the queue; 0 once it is disposed.</summary>
    public int Length
    {
        get
        {
            if (!queue.TryUse(out var lease))
            {
                return 0;
            }

            using (lease)
            {
                return (int)Librdkafka.Functions.QueueLength(lease.Pointer);
            }
        }
    }

    /// <summary>
    /// Takes up to <paramref name="buffer"/>'s length of messages without waiting; returns how many (0 once the queue
    /// is disposed). A batch of one or more keeps the queue open until it is given back with <see cref="Release"/>.
    /// </summary>
    public int Read(Span<IntPtr> buffer)
    {
        if (buffer.IsEmpty || !queue.TryUse(out var lease))
        {
            return 0;
        }

        using (lease)
        {
            nint taken;
            fixed (IntPtr* messages = buffer)
            {
                taken = Librdkafka.Functions.ConsumeBatchQueue(lease.Pointer, 0, (Librdkafka.Message**)messages, (nuint)buffer.Length);
            }

            if (taken <= 0)
            {
                return 0;
            }

            queue.Hold();
            return (int)taken;
        }
    }

    /// <summary>Gives a batch taken with <see cref="Read"/> back to librdkafka.</summary>
    public void Release(ReadOnlySpan<IntPtr> messages)
    {
        if (messages.IsEmpty)
        {
            return;
        }

        foreach (var message in messages)
        {
            Librdkafka.Functions.MessageDestroy((Librdkafka.Message*)message);
        }

        queue.DangerousRelease();
    }

    public void Dispose() => queue.Dispose();
}
