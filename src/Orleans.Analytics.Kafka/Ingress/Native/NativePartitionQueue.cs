namespace Orleans.Analytics.Kafka.Native;

/// <summary>
/// One partition's fetched records in librdkafka's memory. Its reader takes them a batch at a time without waiting
/// and must give every message back (<see cref="Release"/>) once done with its bytes.
/// </summary>
internal sealed unsafe class NativePartitionQueue(IntPtr queue, string topic, int partition) : IDisposable
{
    private IntPtr _queue = queue;

    public string Topic { get; } = topic;

    public int Partition { get; } = partition;

    /// <summary>Records (and events) waiting in the queue.</summary>
    public int Length => _queue == IntPtr.Zero ? 0 : (int)Librdkafka.Functions.QueueLength(_queue);

    /// <summary>Takes up to <paramref name="buffer"/>'s length of messages without waiting; returns how many.</summary>
    public int Read(Span<IntPtr> buffer)
    {
        if (_queue == IntPtr.Zero || buffer.IsEmpty)
        {
            return 0;
        }

        fixed (IntPtr* messages = buffer)
        {
            var taken = Librdkafka.Functions.ConsumeBatchQueue(_queue, 0, (Librdkafka.Message**)messages, (nuint)buffer.Length);
            return taken < 0 ? 0 : (int)taken;
        }
    }

    /// <summary>Gives messages back to librdkafka.</summary>
    public static void Release(ReadOnlySpan<IntPtr> messages)
    {
        foreach (var message in messages)
        {
            Librdkafka.Functions.MessageDestroy((Librdkafka.Message*)message);
        }
    }

    public void Dispose()
    {
        var queue = Interlocked.Exchange(ref _queue, IntPtr.Zero);
        if (queue != IntPtr.Zero)
        {
            Librdkafka.Functions.QueueDestroy(queue);
        }
    }
}
