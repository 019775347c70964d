namespace Orleans.Analytics.Kafka.Native;

/// <summary>What librdkafka reported from one of its threads: an error (code) or a log line (syslog level).</summary>
internal readonly record struct NativeClientEvent(NativeClientEventKind Kind, int Code, string Facility, string Text);
