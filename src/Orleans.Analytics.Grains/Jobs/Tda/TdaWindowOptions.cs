using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Jobs.Tda;

/// <summary>Windowing of the streaming TDA job (configuration section <c>Tda:Window</c>), with the seed's defaults.</summary>
public sealed class TdaWindowOptions
{
    /// <summary>The window kind. Default <see cref="TdaWindowType.Tumbling"/>.</summary>
    public TdaWindowType Type { get; set; } = TdaWindowType.Tumbling;

    /// <summary>Length of tumbling and sliding windows. Default 1 min.</summary>
    public TimeSpan Size { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a sliding window starts. Default 10 s.</summary>
    public TimeSpan Slide { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Inactivity that closes a session window. Default 30 s.</summary>
    public TimeSpan Gap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Points that close a count window (the seed's stateful variant computes at every 100). Default 100.</summary>
    public int Count { get; set; } = 100;

    /// <summary><c>ProcessingTime</c> (default, as in the seed) or <c>EventTime</c> (the event's <c>timestamp</c>).</summary>
    public TimeMode TimeMode { get; set; } = TimeMode.ProcessingTime;

    /// <summary>Event time only: the watermark trails the latest event time by this much. Default 30 s.</summary>
    public TimeSpan WatermarkDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Event time only: a stream without events for this long (wall clock) closes its open windows. Default 1 min.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
