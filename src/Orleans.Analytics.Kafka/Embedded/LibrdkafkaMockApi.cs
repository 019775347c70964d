using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Orleans.Analytics.Kafka.Embedded;

using ErrorCode = Confluent.Kafka.ErrorCode;

/// <summary>
/// Binds librdkafka's mock-cluster C API to the very library Confluent.Kafka loaded, so the process holds one
/// librdkafka. Confluent.Kafka may fall back from its default native build to another one in the same folder
/// (on Debian the default needs libsasl2.so.3); resolving by name would then load a second copy.
/// </summary>
internal sealed unsafe class LibrdkafkaMockApi
{
    private static readonly Lazy<LibrdkafkaMockApi> s_instance = new(() => new LibrdkafkaMockApi(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly delegate* unmanaged<IntPtr> _confNew;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int> _confSet;
    private readonly delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr> _new;
    private readonly delegate* unmanaged<IntPtr, void> _destroy;
    private readonly delegate* unmanaged<IntPtr, int, IntPtr> _clusterNew;
    private readonly delegate* unmanaged<IntPtr, void> _clusterDestroy;
    private readonly delegate* unmanaged<IntPtr, IntPtr> _bootstraps;
    private readonly delegate* unmanaged<IntPtr, byte*, int, int, int> _topicCreate;
    private readonly delegate* unmanaged<IntPtr, byte*, int> _topicDelete;
    private readonly delegate* unmanaged<IntPtr, int, int> _brokerDown;
    private readonly delegate* unmanaged<IntPtr, int, int> _brokerUp;
    private readonly delegate* unmanaged<IntPtr, int, int, int> _brokerRtt;
    private readonly delegate* unmanaged<IntPtr, short, nuint, int*, void> _pushErrors;
    private readonly delegate* unmanaged<IntPtr, short, void> _clearErrors;
    private readonly delegate* unmanaged<IntPtr, byte*, int, int, int> _partitionLeader;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int, int> _coordinator;
    private readonly delegate* unmanaged<int, int> _waitDestroyed;

    private LibrdkafkaMockApi()
    {
        LibraryPath = NativeKafka.LoadedLibraryPath;
        var handle = NativeLibrary.Load(LibraryPath);
        _confNew = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(handle, "rd_kafka_conf_new");
        _confSet = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int>)NativeLibrary.GetExport(handle, "rd_kafka_conf_set");
        _new = (delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr>)NativeLibrary.GetExport(handle, "rd_kafka_new");
        _destroy = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(handle, "rd_kafka_destroy");
        _clusterNew = (delegate* unmanaged<IntPtr, int, IntPtr>)NativeLibrary.GetExport(handle, "rd_kafka_mock_cluster_new");
        _clusterDestroy = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(handle, "rd_kafka_mock_cluster_destroy");
        _bootstraps = (delegate* unmanaged<IntPtr, IntPtr>)NativeLibrary.GetExport(handle, "rd_kafka_mock_cluster_bootstraps");
        _topicCreate = (delegate* unmanaged<IntPtr, byte*, int, int, int>)NativeLibrary.GetExport(handle, "rd_kafka_mock_topic_create");
        _topicDelete = (delegate* unmanaged<IntPtr, byte*, int>)NativeLibrary.GetExport(handle, "rd_kafka_mock_topic_delete");
        _brokerDown = (delegate* unmanaged<IntPtr, int, int>)NativeLibrary.GetExport(handle, "rd_kafka_mock_broker_set_down");
        _brokerUp = (delegate* unmanaged<IntPtr, int, int>)NativeLibrary.GetExport(handle, "rd_kafka_mock_broker_set_up");
        _brokerRtt = (delegate* unmanaged<IntPtr, int, int, int>)NativeLibrary.GetExport(handle, "rd_kafka_mock_broker_set_rtt");
        _pushErrors = (delegate* unmanaged<IntPtr, short, nuint, int*, void>)NativeLibrary.GetExport(handle, "rd_kafka_mock_push_request_errors_array");
        _clearErrors = (delegate* unmanaged<IntPtr, short, void>)NativeLibrary.GetExport(handle, "rd_kafka_mock_clear_request_errors");
        _partitionLeader = (delegate* unmanaged<IntPtr, byte*, int, int, int>)NativeLibrary.GetExport(handle, "rd_kafka_mock_partition_set_leader");
        _coordinator = (delegate* unmanaged<IntPtr, byte*, byte*, int, int>)NativeLibrary.GetExport(handle, "rd_kafka_mock_coordinator_set");
        _waitDestroyed = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(handle, "rd_kafka_wait_destroyed");
    }

    public static LibrdkafkaMockApi Instance => s_instance.Value;

    /// <summary>The file of the librdkafka build in use.</summary>
    public string LibraryPath { get; }

    public IntPtr CreateOwnerHandle()
    {
        const int producerType = 0;
        var errstr = stackalloc byte[512];
        var conf = _confNew();

        // The owner handle only keeps the cluster; it connects nowhere, so its "no bootstrap.servers" notice is noise,
        // and so are the mock brokers' protocol alerts when a client speaks TLS or SASL to them (the client says so).
        fixed (byte* name = "log_level"u8, value = "0"u8)
        {
            _confSet(conf, name, value, errstr, 512);
        }

        var rk = _new(producerType, conf, errstr, 512);
        if (rk == IntPtr.Zero)
        {
            throw new InvalidOperationException("librdkafka could not create a handle for the embedded Kafka: " + Marshal.PtrToStringUTF8((IntPtr)errstr));
        }

        return rk;
    }

    public void DestroyHandle(IntPtr rk) => _destroy(rk);

    /// <summary>Waits until every librdkafka client of the process is destroyed; false if some remain after <paramref name="timeout"/>.</summary>
    public bool WaitAllDestroyed(TimeSpan timeout) => _waitDestroyed((int)timeout.TotalMilliseconds) == 0;

    public IntPtr CreateCluster(IntPtr rk, int brokers) => _clusterNew(rk, brokers);

    public void DestroyCluster(IntPtr cluster) => _clusterDestroy(cluster);

    public string Bootstraps(IntPtr cluster) => Marshal.PtrToStringUTF8(_bootstraps(cluster)) ?? string.Empty;

    public ErrorCode DeleteTopic(IntPtr cluster, string topic)
    {
        var name = Marshal.StringToCoTaskMemUTF8(topic);
        try
        {
            return (ErrorCode)_topicDelete(cluster, (byte*)name);
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    public ErrorCode CreateTopic(IntPtr cluster, string topic, int partitions, int replicationFactor)
    {
        var name = Marshal.StringToCoTaskMemUTF8(topic);
        try
        {
            return (ErrorCode)_topicCreate(cluster, (byte*)name, partitions, replicationFactor);
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    public ErrorCode SetBrokerDown(IntPtr cluster, int brokerId) => (ErrorCode)_brokerDown(cluster, brokerId);

    public ErrorCode SetBrokerUp(IntPtr cluster, int brokerId) => (ErrorCode)_brokerUp(cluster, brokerId);

    public ErrorCode SetBrokerRtt(IntPtr cluster, int brokerId, int rttMs) => (ErrorCode)_brokerRtt(cluster, brokerId, rttMs);

    public void PushRequestErrors(IntPtr cluster, short apiKey, ReadOnlySpan<ErrorCode> errors)
    {
        // On the heap: a test may push thousands of errors to keep a fault up until it clears them.
        var codes = new int[errors.Length];
        for (var i = 0; i < errors.Length; i++)
        {
            codes[i] = (int)errors[i];
        }

        fixed (int* first = codes)
        {
            _pushErrors(cluster, apiKey, (nuint)codes.Length, first);
        }
    }

    public void ClearRequestErrors(IntPtr cluster, short apiKey) => _clearErrors(cluster, apiKey);

    public ErrorCode SetPartitionLeader(IntPtr cluster, string topic, int partition, int brokerId)
    {
        var name = Marshal.StringToCoTaskMemUTF8(topic);
        try
        {
            return (ErrorCode)_partitionLeader(cluster, (byte*)name, partition, brokerId);
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    public ErrorCode SetCoordinator(IntPtr cluster, string keyType, string key, int brokerId)
    {
        var type = Marshal.StringToCoTaskMemUTF8(keyType);
        var name = Marshal.StringToCoTaskMemUTF8(key);
        try
        {
            return (ErrorCode)_coordinator(cluster, (byte*)type, (byte*)name, brokerId);
        }
        finally
        {
            Marshal.FreeCoTaskMem(type);
            Marshal.FreeCoTaskMem(name);
        }
    }
}
