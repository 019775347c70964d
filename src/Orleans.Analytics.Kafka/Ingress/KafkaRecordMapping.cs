namespace Orleans.Analytics.Kafka;

/// <summary>The outcome of mapping a record: a stream and event, or a rejection with its reason.</summary>
public readonly record struct KafkaRecordMapping
{
    private KafkaRecordMapping(StreamId streamId, object? @event, string? errorType, string? reason)
    {
        StreamId = streamId;
        Event = @event;
        ErrorType = errorType;
        Reason = reason;
    }

    /// <summary>The stream the event goes to.</summary>
    public StreamId StreamId { get; }

    /// <summary>The event, or null when rejected.</summary>
    public object? Event { get; }

    /// <summary>A short code of what was wrong (for example <c>PARSE_ERROR</c>), or null.</summary>
    public string? ErrorType { get; }

    /// <summary>What was wrong with the record, or null.</summary>
    public string? Reason { get; }

    /// <summary>Whether the record was rejected.</summary>
    public bool IsRejected => Event is null;

    /// <summary>The record becomes <paramref name="event"/> on <paramref name="streamId"/>.</summary>
    public static KafkaRecordMapping ToStream(StreamId streamId, object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return new(streamId, @event, null, null);
    }

    /// <summary>The record is rejected; it goes to the dead-letter topic with <paramref name="reason"/>.</summary>
    public static KafkaRecordMapping Reject(string errorType, string reason) => new(default, null, errorType, reason);
}
