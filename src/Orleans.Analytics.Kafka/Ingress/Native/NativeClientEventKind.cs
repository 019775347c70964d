namespace Orleans.Analytics.Kafka.Native;

/// <summary>The kind of a <see cref="NativeClientEvent"/>.</summary>
internal enum NativeClientEventKind
{
    /// <summary>An error callback: <see cref="NativeClientEvent.Code"/> is librdkafka's error code.</summary>
    Error,

    /// <summary>A log line: <see cref="NativeClientEvent.Code"/> is its syslog level.</summary>
    Log,
}
