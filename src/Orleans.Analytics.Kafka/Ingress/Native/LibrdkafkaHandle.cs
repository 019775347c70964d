using System.Runtime.InteropServices;

namespace Orleans.Analytics.Kafka.Native;

/// <summary>
/// A librdkafka object (a client or a queue) that several threads use: the control thread, each partition's reader,
/// the metrics exporter. Every call holds a lease, and disposing only marks the handle closed: librdkafka's destroy
/// runs when the last lease ends, so no thread ever calls into an object another thread has just destroyed (which
/// corrupts librdkafka's mutexes and aborts the process).
/// </summary>
internal abstract class LibrdkafkaHandle : SafeHandle
{
    private int _disposed;

    protected LibrdkafkaHandle(IntPtr pointer)
        : base(IntPtr.Zero, ownsHandle: true) => SetHandle(pointer);

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>True once librdkafka's object is destroyed (disposed, and the last lease and hold have ended).</summary>
    public bool IsDestroyed { get; private set; }

    /// <summary>Holds the object open until the lease is disposed; throws <see cref="ObjectDisposedException"/> once it is closed.</summary>
    public Lease Use()
    {
        var added = false;
        DangerousAddRef(ref added);

        // SafeHandle itself refuses new references only once the last one is gone; a disposed object takes no new calls.
        if (Volatile.Read(ref _disposed) != 0)
        {
            DangerousRelease();
            throw new ObjectDisposedException(GetType().Name);
        }

        return new Lease(this);
    }

    /// <summary>As <see cref="Use"/>, but false instead of an exception once the object is closed.</summary>
    public bool TryUse(out Lease lease)
    {
        try
        {
            lease = Use();
            return true;
        }
        catch (ObjectDisposedException)
        {
            lease = default;
            return false;
        }
    }

    /// <summary>Takes one more hold on the object, given back with <see cref="SafeHandle.DangerousRelease"/>, for holds that outlive a call.</summary>
    public void Hold()
    {
        var added = false;
        DangerousAddRef(ref added);
    }

    protected override void Dispose(bool disposing)
    {
        Volatile.Write(ref _disposed, 1);
        base.Dispose(disposing);
    }

    protected sealed override bool ReleaseHandle()
    {
        Destroy(handle);
        IsDestroyed = true;
        return true;
    }

    /// <summary>Destroys librdkafka's object; called once, when nothing uses it any more.</summary>
    protected abstract void Destroy(IntPtr pointer);

    /// <summary>A hold on a <see cref="LibrdkafkaHandle"/> for the length of one call.</summary>
    public readonly ref struct Lease
    {
        private readonly LibrdkafkaHandle? _owner;

        internal Lease(LibrdkafkaHandle owner) => _owner = owner;

        /// <summary>The librdkafka pointer, valid until the lease ends.</summary>
        public IntPtr Pointer => _owner?.DangerousGetHandle() ?? IntPtr.Zero;

        public void Dispose() => _owner?.DangerousRelease();
    }
}

/// <summary>A consumer's <c>rd_kafka_t</c>: closed (leaving the group) and destroyed when the last lease ends.</summary>
internal sealed unsafe class ConsumerHandle(IntPtr rk, GCHandle owner) : LibrdkafkaHandle(rk)
{
    private GCHandle _owner = owner;

    protected override void Destroy(IntPtr pointer)
    {
        Librdkafka.Functions.ConsumerClose(pointer);
        Librdkafka.Functions.Destroy(pointer);

        // Only now: librdkafka's log and error callbacks find their consumer through this until the destroy returns.
        if (_owner.IsAllocated)
        {
            _owner.Free();
        }
    }
}

/// <summary>A partition's <c>rd_kafka_queue_t</c>; it keeps its consumer open until it is destroyed.</summary>
internal sealed unsafe class QueueHandle : LibrdkafkaHandle
{
    private readonly ConsumerHandle _consumer;

    public QueueHandle(IntPtr queue, ConsumerHandle consumer)
        : base(queue)
    {
        consumer.Hold();
        _consumer = consumer;
    }

    protected override void Destroy(IntPtr pointer)
    {
        Librdkafka.Functions.QueueDestroy(pointer);
        _consumer.DangerousRelease();
    }
}
