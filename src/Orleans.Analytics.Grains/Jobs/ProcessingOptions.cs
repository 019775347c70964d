using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Jobs;

/// <summary>Settings of the analytics jobs (configuration section <c>Processing</c>), with the seed's defaults.</summary>
public sealed class ProcessingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Processing";

    /// <summary><c>EventTime</c> (default) or <c>ProcessingTime</c>.</summary>
    public TimeMode TimeMode { get; set; } = TimeMode.EventTime;

    /// <summary>Watermark = max event time minus this. Default 10 s.</summary>
    public TimeSpan WatermarkDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A partition without records for this long is idle. Default 5 s.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long closed windows accept late records (and re-emit). Default 0.</summary>
    public TimeSpan AllowedLateness { get; set; } = TimeSpan.Zero;

    /// <summary>EventAggregator's tumbling window. Default 1 min.</summary>
    public TimeSpan MetricsWindowSize { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>PerformanceTracker's tumbling window. Default 5 min.</summary>
    public TimeSpan PerformanceWindowSize { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>SessionTracker's inactivity gap. Default 30 min.</summary>
    public TimeSpan SessionGap { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest session before it is cut. Default 12 h.</summary>
    public TimeSpan SessionMaxDuration { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The seed's allowed event types.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedEventTypes = ["page_view", "click", "conversion", "add_to_cart"];

    /// <summary>
    /// Event types EventAggregator counts; empty means <see cref="DefaultAllowedEventTypes"/>. (Starts empty because
    /// the configuration binder appends to a list, so configured types would otherwise be added to the defaults.)
    /// </summary>
    public IList<string> AllowedEventTypes { get; set; } = [];

    /// <summary>The allowed event types in force.</summary>
    public IReadOnlyList<string> EffectiveAllowedEventTypes => AllowedEventTypes.Count > 0 ? [.. AllowedEventTypes] : DefaultAllowedEventTypes;

    /// <summary>How often key grains with open windows check the watermark. Default 1 s.</summary>
    public TimeSpan TimerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a reminder wakes a key grain whose silo died while it held windows. Default 1 min.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a key grain waits for more calls to share one state write (group commit). Default 20 ms.</summary>
    public TimeSpan GroupCommitDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Mini-batching of the readers.</summary>
    public MiniBatchOptions MiniBatch { get; set; } = new();

    /// <summary>The windowing settings of <c>Orleans.Analytics.Core</c>.</summary>
    public WindowingOptions Windowing => new()
    {
        TimeMode = TimeMode,
        WatermarkDelay = WatermarkDelay,
        IdleTimeout = IdleTimeout,
        AllowedLateness = AllowedLateness,
    };

    /// <summary>Reports every bad value with its key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>(Windowing.Validate());
        Positive(MetricsWindowSize, "MetricsWindowSize");
        Positive(PerformanceWindowSize, "PerformanceWindowSize");
        Positive(SessionGap, "SessionGap");
        Positive(SessionMaxDuration, "SessionMaxDuration");
        Positive(TimerInterval, "TimerInterval");
        Positive(RecoveryInterval, "RecoveryInterval");
        if (GroupCommitDelay < TimeSpan.Zero || GroupCommitDelay > TimeSpan.FromSeconds(5))
        {
            problems.Add($"Processing:GroupCommitDelay is {GroupCommitDelay}; allowed: 0 to 00:00:05.");
        }
        Positive(MiniBatch.Latency, "MiniBatch:Latency");
        if (MiniBatch.Size is < 1 or > 100_000)
        {
            problems.Add($"Processing:MiniBatch:Size is {MiniBatch.Size}; allowed: 1 to 100000.");
        }

        if (AllowedEventTypes.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("Processing:AllowedEventTypes has an empty entry; list event types such as page_view.");
        }

        return problems;

        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"Processing:{key} is {value}; it must be positive.");
            }
        }
    }
}

/// <summary>Mini-batching (<c>Processing:MiniBatch</c>): a reader hands a partition's events to the key grains in batches.</summary>
public sealed class MiniBatchOptions
{
    /// <summary>Whether batches are gathered; off delivers records in smaller batches (lower latency). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Upper bound on how long a record waits for its batch. Default 4 s.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Records per batch at most. Default 999.</summary>
    public int Size { get; set; } = 999;
}
