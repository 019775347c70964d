using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Orleans.Analytics.Kafka.Native;

/// <summary>
/// A librdkafka consumer with one queue per assigned partition: each partition's reader takes that partition's
/// records straight from librdkafka's buffers (<see cref="NativePartitionQueue"/>), so no thread hands records on
/// and no record becomes a managed object unless its consumer asks for one. librdkafka bounds what it prefetches
/// per partition (<c>queued.min.messages</c>, <c>queued.max.messages.kbytes</c>), which is the provider's
/// back-pressure: a partition whose reader does not keep up stops being fetched.
/// </summary>
/// <remarks>
/// Control calls (assign, seek, commit) are made by the provider's consumer thread; reads are made by each
/// partition's reader. librdkafka's error and log callbacks run on its own threads: they only queue what they are
/// given, and the consumer thread drains it (<see cref="DrainEvents"/>), so no librdkafka thread ever waits on .NET code.
/// </remarks>
internal sealed unsafe class NativeConsumer : IDisposable
{
    private readonly ConcurrentQueue<NativeClientEvent> _events = new();
    private readonly ConsumerHandle _handle;

    /// <summary>Creates a consumer from librdkafka properties; a bad name or value throws naming it and librdkafka's reason.</summary>
    public NativeConsumer(IEnumerable<KeyValuePair<string, string>> properties)
    {
        var api = Librdkafka.Functions;
        var errstr = stackalloc byte[512];
        var self = default(GCHandle);
        var conf = api.ConfNew();
        try
        {
            foreach (var (name, value) in properties)
            {
                // Confluent.Kafka's own settings (dotnet.*) are not librdkafka's.
                if (name.StartsWith("dotnet.", StringComparison.Ordinal))
                {
                    continue;
                }

                if (Set(conf, name, value, errstr) != 0)
                {
                    throw new ArgumentException($"librdkafka rejected consumer property '{name}': {Librdkafka.Utf8(errstr)}");
                }
            }

            self = GCHandle.Alloc(this, GCHandleType.Weak);
            api.ConfSetOpaque(conf, GCHandle.ToIntPtr(self));
            api.ConfSetErrorCb(conf, &OnError);
            api.ConfSetLogCb(conf, &OnLog);
            var rk = api.New(Librdkafka.ConsumerType, conf, errstr, 512);
            if (rk == IntPtr.Zero)
            {
                throw new ArgumentException("librdkafka could not create the consumer: " + Librdkafka.Utf8(errstr));
            }

            conf = IntPtr.Zero; // owned by the client now
            _handle = new ConsumerHandle(rk, self);
            Name = Librdkafka.Utf8(api.Name(rk)) ?? "consumer";
            api.PollSetConsumer(rk);
        }
        finally
        {
            if (conf != IntPtr.Zero)
            {
                api.ConfDestroy(conf);
            }

            if (_handle is null && self.IsAllocated)
            {
                self.Free();
            }
        }
    }

    /// <summary>The client's name as librdkafka gives it (<c>client.id#consumer-N</c>), as in its own log lines.</summary>
    public string Name { get; } = "consumer";

    /// <summary>True once librdkafka's consumer is closed and destroyed: disposed, with no call in progress and no partition queue left.</summary>
    public bool IsDestroyed => _handle.IsDestroyed;

    /// <summary>Errors and log lines librdkafka reported since the last drain.</summary>
    public void DrainEvents(Action<NativeClientEvent> handle)
    {
        while (_events.TryDequeue(out var item))
        {
            handle(item);
        }
    }

    /// <summary>Serves librdkafka's callbacks (errors) for up to <paramref name="timeoutMs"/>; reads no records.</summary>
    public void Poll(int timeoutMs)
    {
        Librdkafka.Message* message;
        using (var lease = _handle.Use())
        {
            message = Librdkafka.Functions.ConsumerPoll(lease.Pointer, timeoutMs);
        }

        if (message is null)
        {
            return;
        }

        // Partition queues are read by their readers, so only consumer errors arrive here.
        if (message->Err != Librdkafka.ErrNoError && message->Err != Librdkafka.ErrPartitionEof)
        {
            var text = message->Payload is null ? Librdkafka.ErrorText(message->Err) : Encoding.UTF8.GetString(message->Payload, (int)message->Length);
            _events.Enqueue(new NativeClientEvent(NativeClientEventKind.Error, message->Err, "consumer", text));
        }

        Librdkafka.Functions.MessageDestroy(message);
    }

    /// <summary>The partition's own queue, detached from the consumer queue so its reader alone reads it.</summary>
    public NativePartitionQueue OpenPartitionQueue(string topic, int partition)
    {
        var api = Librdkafka.Functions;
        using var lease = _handle.Use();
        IntPtr queue;
        fixed (byte* name = Utf8Z(topic))
        {
            queue = api.QueueGetPartition(lease.Pointer, name, partition);
        }

        if (queue == IntPtr.Zero)
        {
            throw new InvalidOperationException($"librdkafka has no queue for {topic}[{partition}].");
        }

        api.QueueForward(queue, IntPtr.Zero);

        // The consumer stays open while the queue lives (the lease held here means the queue's own hold cannot fail).
        return new NativePartitionQueue(new QueueHandle(queue, _handle), topic, partition);
    }

    /// <summary>Starts fetching a partition at <paramref name="offset"/> (<see cref="Librdkafka.OffsetStored"/>: its committed offset).</summary>
    public void Assign(string topic, int partition, long offset) =>
        WithList(topic, partition, offset, null, (rk, list) => ThrowIfError(Librdkafka.Functions.IncrementalAssign(rk, list), $"assigning {topic}[{partition}]"));

    public void Unassign(string topic, int partition) =>
        WithList(topic, partition, Librdkafka.OffsetInvalid, null, (rk, list) => ThrowIfError(Librdkafka.Functions.IncrementalUnassign(rk, list), $"unassigning {topic}[{partition}]"));

    /// <summary>Moves a partition's fetch position; records fetched before are discarded by librdkafka.</summary>
    public void Seek(string topic, int partition, long offset) =>
        WithList(topic, partition, offset, null, (rk, list) => ThrowIfError(Librdkafka.Functions.SeekPartitions(rk, list, 10_000), $"seeking {topic}[{partition}] to {offset}"));

    public void Pause(string topic, int partition) =>
        WithList(topic, partition, Librdkafka.OffsetInvalid, null, (rk, list) => Librdkafka.Functions.PausePartitions(rk, list));

    public void Resume(string topic, int partition) =>
        WithList(topic, partition, Librdkafka.OffsetInvalid, null, (rk, list) => Librdkafka.Functions.ResumePartitions(rk, list));

    /// <summary>Commits offsets (and their metadata) synchronously; returns null on success, else librdkafka's reason.</summary>
    public string? Commit(IReadOnlyList<NativeOffset> offsets)
    {
        var api = Librdkafka.Functions;
        var list = api.ListNew(offsets.Count);
        try
        {
            foreach (var offset in offsets)
            {
                Add(list, offset.Topic, offset.Partition, offset.Offset, offset.Metadata);
            }

            int err;
            using (var lease = _handle.Use())
            {
                err = api.Commit(lease.Pointer, list, 0);
            }

            if (err != Librdkafka.ErrNoError)
            {
                return Librdkafka.ErrorText(err);
            }

            for (var i = 0; i < list->Count; i++)
            {
                if (list->Elements[i].Err != Librdkafka.ErrNoError)
                {
                    return $"{offsets[i].Topic}[{offsets[i].Partition}]: {Librdkafka.ErrorText(list->Elements[i].Err)}";
                }
            }

            return null;
        }
        finally
        {
            api.ListDestroy(list);
        }
    }

    /// <summary>The group's committed offsets and metadata of several partitions, in one request; offset -1 where none is committed.</summary>
    public IReadOnlyList<NativeOffset> Committed(IReadOnlyList<(string Topic, int Partition)> partitions, TimeSpan timeout)
    {
        var api = Librdkafka.Functions;
        var list = api.ListNew(partitions.Count);
        try
        {
            foreach (var (topic, partition) in partitions)
            {
                Add(list, topic, partition, Librdkafka.OffsetInvalid, null);
            }

            int err;
            using (var lease = _handle.Use())
            {
                err = api.Committed(lease.Pointer, list, (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds));
            }

            if (err != Librdkafka.ErrNoError)
            {
                throw new KafkaSetupException($"Reading the committed offsets of {string.Join(", ", partitions.Select(p => $"{p.Topic}[{p.Partition}]"))} failed: {Librdkafka.ErrorText(err)}");
            }

            var result = new NativeOffset[partitions.Count];
            for (var i = 0; i < list->Count; i++)
            {
                var element = list->Elements[i];
                if (element.Err != Librdkafka.ErrNoError)
                {
                    throw new KafkaSetupException($"Reading the committed offset of {partitions[i].Topic}[{partitions[i].Partition}] failed: {Librdkafka.ErrorText(element.Err)}");
                }

                var metadata = element.Metadata is null || element.MetadataSize == 0 ? null : Encoding.UTF8.GetString(element.Metadata, (int)element.MetadataSize);
                result[i] = new NativeOffset(partitions[i].Topic, partitions[i].Partition, element.Offset < 0 ? -1 : element.Offset, metadata);
            }

            return result;
        }
        finally
        {
            api.ListDestroy(list);
        }
    }

    /// <summary>The partition's low and high watermarks as last seen in a fetch (no request); -1 when unknown.</summary>
    public (long Low, long High) CachedWatermarks(string topic, int partition)
    {
        long low = -1, high = -1;
        using var lease = _handle.Use();
        fixed (byte* name = Utf8Z(topic))
        {
            if (Librdkafka.Functions.GetWatermarkOffsets(lease.Pointer, name, partition, &low, &high) != Librdkafka.ErrNoError)
            {
                return (-1, -1);
            }
        }

        return (low, high);
    }

    /// <summary>Asks the partition leader for its low and high watermarks.</summary>
    public (long Low, long High)? QueryWatermarks(string topic, int partition, TimeSpan timeout)
    {
        long low = -1, high = -1;
        using var lease = _handle.Use();
        fixed (byte* name = Utf8Z(topic))
        {
            var err = Librdkafka.Functions.QueryWatermarkOffsets(lease.Pointer, name, partition, &low, &high, (int)timeout.TotalMilliseconds);
            return err == Librdkafka.ErrNoError ? (low, high) : null;
        }
    }

    /// <summary>
    /// Closes the consumer (it leaves its group) and destroys it, once no call is in progress on any thread and every
    /// partition queue is destroyed; later calls throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose() => _handle.Dispose();

    internal static byte[] Utf8Z(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static int Set(IntPtr conf, string name, string value, byte* errstr)
    {
        fixed (byte* n = Utf8Z(name), v = Utf8Z(value))
        {
            return Librdkafka.Functions.ConfSet(conf, n, v, errstr, 512);
        }
    }

    private delegate void ListCall(IntPtr rk, Librdkafka.TopicPartitionList* list);

    private void WithList(string topic, int partition, long offset, string? metadata, ListCall call)
    {
        var api = Librdkafka.Functions;
        using var lease = _handle.Use();
        var list = api.ListNew(1);
        try
        {
            Add(list, topic, partition, offset, metadata);
            call(lease.Pointer, list);
        }
        finally
        {
            api.ListDestroy(list);
        }
    }

    private static void Add(Librdkafka.TopicPartitionList* list, string topic, int partition, long offset, string? metadata)
    {
        Librdkafka.TopicPartition* element;
        fixed (byte* name = Utf8Z(topic))
        {
            element = Librdkafka.Functions.ListAdd(list, name, partition);
        }

        element->Offset = offset;
        if (metadata is not null)
        {
            // Freed with the list by librdkafka, so it must come from its allocator's counterpart: malloc.
            var bytes = Encoding.UTF8.GetBytes(metadata);
            var copy = (byte*)NativeMemory.Alloc((nuint)Math.Max(1, bytes.Length));
            bytes.CopyTo(new Span<byte>(copy, bytes.Length));
            element->Metadata = copy;
            element->MetadataSize = (nuint)bytes.Length;
        }
    }

    private static void ThrowIfError(IntPtr error, string what)
    {
        if (error == IntPtr.Zero)
        {
            return;
        }

        var text = Librdkafka.Utf8(Librdkafka.Functions.ErrorString(error));
        Librdkafka.Functions.ErrorDestroy(error);
        throw new InvalidOperationException($"librdkafka failed {what}: {text}");
    }

    private static NativeConsumer? Owner(IntPtr opaque) =>
        opaque == IntPtr.Zero ? null : GCHandle.FromIntPtr(opaque).Target as NativeConsumer;

    [UnmanagedCallersOnly]
    private static void OnError(IntPtr rk, int err, byte* reason, IntPtr opaque) =>
        Owner(opaque)?._events.Enqueue(new NativeClientEvent(NativeClientEventKind.Error, err, "error", Librdkafka.Utf8(reason) ?? Librdkafka.ErrorText(err)));

    [UnmanagedCallersOnly]
    private static void OnLog(IntPtr rk, int level, byte* facility, byte* text) =>
        Owner(Librdkafka.Functions.Opaque(rk))?._events.Enqueue(new NativeClientEvent(NativeClientEventKind.Log, level, Librdkafka.Utf8(facility) ?? string.Empty, Librdkafka.Utf8(text) ?? string.Empty));
}
