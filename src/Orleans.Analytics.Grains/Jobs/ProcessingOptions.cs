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

    /// <summary>
    /// How often key grains make their state durable and partitions commit (Flink's checkpoint interval). Longer
    /// writes less state but reads more again after a crash; zero checkpoints after every mini-batch. A partition that
    /// has read everything and received nothing new for a moment checkpoints at once. Default 30 s.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a key grain waits for more checkpoint barriers to share one state write (group commit). Default 20 ms.</summary>
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
        if (CheckpointInterval < TimeSpan.Zero || CheckpointInterval > TimeSpan.FromHours(1))
        {
            problems.Add($"Processing:CheckpointInterval is {CheckpointInterval}; allowed: 00:00:00 (every mini-batch) to 01:00:00.");
        }

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

/// <summary>
/// Mini-batching (<c>Processing:MiniBatch</c>, Flink's <c>table.exec.mini-batch.*</c>): a partition's reader folds
/// records into partial aggregates per job, key and window, and hands them to the key grains every <see cref="Size"/>
/// records or <see cref="Latency"/>, whichever comes first (and before every checkpoint).
/// </summary>
public sealed class MiniBatchOptions
{
    /// <summary>Whether records are folded into partial aggregates; off hands every record on by itself, after every read. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The longest a record waits in its reader's mini-batch. Default 4 s.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Records per mini-batch at most. Default 999.</summary>
    public int Size { get; set; } = 999;
}

/// <summary>Reports every bad <c>Processing:*</c> value at start.</summary>
internal sealed class ProcessingOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<ProcessingOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, ProcessingOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems);
    }
}
