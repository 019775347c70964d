using System.Runtime.InteropServices;
using Orleans.Analytics.Kafka.Embedded;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Asks librdkafka whether it accepts one property (<c>rd_kafka_conf_set</c> on a configuration of its own), so that
/// every bad property can be named at once: Confluent.Kafka stops at the first when it builds a client. Binds to
/// the librdkafka Confluent.Kafka loaded, as <see cref="LibrdkafkaMockApi"/> does.
/// </summary>
internal static unsafe class LibrdkafkaConf
{
    private const int ConfOk = 0;
    private const int ErrorLength = 512;

    private static readonly Lazy<Api?> s_api = new(Bind, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>librdkafka's reason for refusing <paramref name="name"/>=<paramref name="value"/>, or null when it accepts it (or cannot be asked).</summary>
    public static string? Check(string name, string value)
    {
        if (s_api.Value is not { } api)
        {
            // Not on Linux: the client Confluent.Kafka builds reports the first bad property instead.
            return null;
        }

        var conf = api.ConfNew();
        var nameBytes = Marshal.StringToCoTaskMemUTF8(name);
        var valueBytes = Marshal.StringToCoTaskMemUTF8(value);
        try
        {
            var error = stackalloc byte[ErrorLength];
            return api.ConfSet(conf, (byte*)nameBytes, (byte*)valueBytes, error, ErrorLength) == ConfOk
                ? null
                : Marshal.PtrToStringUTF8((IntPtr)error);
        }
        finally
        {
            Marshal.FreeCoTaskMem(nameBytes);
            Marshal.FreeCoTaskMem(valueBytes);
            api.ConfDestroy(conf);
        }
    }

    private static Api? Bind()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var library = NativeLibrary.Load(LibrdkafkaMockApi.Instance.LibraryPath);
        return new Api(
            (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(library, "rd_kafka_conf_new"),
            (delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int>)NativeLibrary.GetExport(library, "rd_kafka_conf_set"),
            (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(library, "rd_kafka_conf_destroy"));
    }

    private sealed class Api
    {
        private readonly delegate* unmanaged<IntPtr> _confNew;
        private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int> _confSet;
        private readonly delegate* unmanaged<IntPtr, void> _confDestroy;

        public Api(
            delegate* unmanaged<IntPtr> confNew,
            delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int> confSet,
            delegate* unmanaged<IntPtr, void> confDestroy)
        {
            _confNew = confNew;
            _confSet = confSet;
            _confDestroy = confDestroy;
        }

        public IntPtr ConfNew() => _confNew();

        public int ConfSet(IntPtr conf, byte* name, byte* value, byte* error, nuint errorLength) => _confSet(conf, name, value, error, errorLength);

        public void ConfDestroy(IntPtr conf) => _confDestroy(conf);
    }
}
