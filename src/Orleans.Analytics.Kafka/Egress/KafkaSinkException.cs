namespace Orleans.Analytics.Kafka;

/// <summary>A result record could not be delivered to its sink topic.</summary>
public sealed class KafkaSinkException : Exception
{
    /// <summary>Creates the exception for the record with <paramref name="key"/> on <paramref name="topic"/>.</summary>
    public KafkaSinkException(string topic, string? key, string reason, Exception? inner = null)
        : base($"Delivering the record with key '{key}' to topic '{topic}' failed: {reason}", inner)
    {
        Topic = topic;
        Key = key;
    }

    /// <summary>Creates the exception with a message.</summary>
    public KafkaSinkException(string message) : base(message)
    {
        Topic = string.Empty;
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public KafkaSinkException(string message, Exception inner) : base(message, inner)
    {
        Topic = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public KafkaSinkException() : this("A record could not be delivered to Kafka.")
    {
    }

    /// <summary>The sink topic.</summary>
    public string Topic { get; }

    /// <summary>The key of the record that failed.</summary>
    public string? Key { get; }
}
