namespace Orleans.Analytics.Jobs.Tda;

/// <summary>Where and when a window was computed, for its records.</summary>
/// <param name="StreamId">The stream's <c>stream_id</c>.</param>
/// <param name="WindowId">The window's id.</param>
/// <param name="Window">The window.</param>
/// <param name="Now">When the records are written.</param>
/// <param name="Watermark">The event-time watermark, or null in processing time.</param>
internal sealed record TdaWindowContext(string StreamId, string WindowId, TdaWindow Window, DateTimeOffset Now, long? Watermark)
{
    /// <summary>The deterministic key of the window's records: <c>stream_id|window_id</c>.</summary>
    public string Key => StreamId + "|" + WindowId;
}
