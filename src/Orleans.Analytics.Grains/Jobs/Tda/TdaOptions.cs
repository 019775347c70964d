using System.Globalization;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Topology;

namespace Orleans.Analytics.Jobs.Tda;

/// <summary>Settings of the streaming TDA job (configuration section <c>Tda</c>), with the seed's defaults.</summary>
public sealed class TdaOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Tda";

    /// <summary>Algorithm of windows whose events name none: <c>vietoris_rips</c> (default) or <c>alpha_complex</c>.</summary>
    public string DefaultAlgorithm { get; set; } = PersistentHomology.VietorisRips;

    /// <summary>How streams are cut into windows.</summary>
    public TdaWindowOptions Window { get; set; } = new();

    /// <summary>Per-algorithm parameters.</summary>
    public TdaAlgorithmsOptions Algorithms { get; set; } = new();

    /// <summary>Most points one computation uses; see <see cref="OnTooManyPoints"/>. Default 10,000.</summary>
    public int MaxPoints { get; set; } = 10_000;

    /// <summary>What a window above <see cref="MaxPoints"/> yields. Default <see cref="TdaOversizePolicy.Subsample"/>.</summary>
    public TdaOversizePolicy OnTooManyPoints { get; set; } = TdaOversizePolicy.Subsample;

    /// <summary>Wall-clock limit of one window's computation; past it the window yields an error record. Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Memory budget of one computation in megabytes. Default 512.</summary>
    public int MemoryLimitMb { get; set; } = 512;

    /// <summary>How often each active stream writes its job report to the monitoring topic. Default 60 s.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a stream with open windows checks whether they are due. Default 1 s.</summary>
    public TimeSpan TimerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Reports every bad value with its configuration key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (DefaultAlgorithm is not (PersistentHomology.VietorisRips or PersistentHomology.AlphaComplex))
        {
            problems.Add($"Tda:DefaultAlgorithm is '{DefaultAlgorithm}'; allowed: vietoris_rips, alpha_complex.");
        }

        ValidateWindow(problems);
        var rips = Algorithms.VietorisRips;
        if (double.IsNaN(rips.MaxEdgeLength) || rips.MaxEdgeLength < 0)
        {
            problems.Add(Text($"Tda:Algorithms:VietorisRips:MaxEdgeLength is {rips.MaxEdgeLength}; it must be 0 or more."));
        }

        Range(rips.MaxDimension, 0, 8, "Algorithms:VietorisRips:MaxDimension");
        Range(rips.NumThreads, 1, 256, "Algorithms:VietorisRips:NumThreads");
        var alpha = Algorithms.AlphaComplex;
        if (double.IsNaN(alpha.MaxAlphaValue) || alpha.MaxAlphaValue < 0)
        {
            problems.Add(Text($"Tda:Algorithms:AlphaComplex:MaxAlphaValue is {alpha.MaxAlphaValue}; it must be 0 or more."));
        }

        Range(alpha.MaxDimension, 0, 3, "Algorithms:AlphaComplex:MaxDimension");
        Range(MaxPoints, 3, 10_000_000, "MaxPoints");
        Range(MemoryLimitMb, 1, 1_048_576, "MemoryLimitMb");
        Positive(Timeout, "Timeout");
        Positive(ReportInterval, "ReportInterval");
        Positive(TimerInterval, "TimerInterval");
        return problems;

        void Range(int value, int min, int max, string key)
        {
            if (value < min || value > max)
            {
                problems.Add(Text($"Tda:{key} is {value}; allowed: {min} to {max}."));
            }
        }

        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add(Text($"Tda:{key} is {value}; it must be positive."));
            }
        }
    }

    private void ValidateWindow(List<string> problems)
    {
        var window = Window;
        if (!Enum.IsDefined(window.Type))
        {
            problems.Add($"Tda:Window:Type is {window.Type}; allowed: Tumbling, Sliding, Session, Count.");
        }

        if (!Enum.IsDefined(window.TimeMode))
        {
            problems.Add($"Tda:Window:TimeMode is {window.TimeMode}; allowed: ProcessingTime, EventTime.");
        }

        if (window.Size <= TimeSpan.Zero)
        {
            problems.Add(Text($"Tda:Window:Size is {window.Size}; it must be positive."));
        }

        if (window.Slide <= TimeSpan.Zero || (window.Type == TdaWindowType.Sliding && window.Slide > window.Size))
        {
            problems.Add(Text($"Tda:Window:Slide is {window.Slide}; it must be positive and at most Tda:Window:Size ({window.Size})."));
        }
        else if (window.Type == TdaWindowType.Sliding && window.Size.Ticks / window.Slide.Ticks > 1_000)
        {
            problems.Add(Text($"Tda:Window:Slide is {window.Slide}; a point would belong to more than 1000 windows of Tda:Window:Size {window.Size}."));
        }
        else if (window.Type == TdaWindowType.Sliding && (long)window.Size.TotalMilliseconds % (long)window.Slide.TotalMilliseconds != 0)
        {
            problems.Add(Text($"Tda:Window:Size is {window.Size}; a sliding window's size must be a whole multiple of Tda:Window:Slide ({window.Slide}), as for every sliding window."));
        }

        if (window.Gap <= TimeSpan.Zero)
        {
            problems.Add(Text($"Tda:Window:Gap is {window.Gap}; it must be positive."));
        }

        if (window.Count < 3)
        {
            problems.Add(Text($"Tda:Window:Count is {window.Count}; it must be at least 3."));
        }

        if (window.TimeMode == TimeMode.EventTime && window.WatermarkDelay < TimeSpan.Zero)
        {
            problems.Add(Text($"Tda:Window:WatermarkDelay is {window.WatermarkDelay}; it must be 0 or more."));
        }

        if (window.TimeMode == TimeMode.EventTime && window.IdleTimeout <= TimeSpan.Zero)
        {
            problems.Add(Text($"Tda:Window:IdleTimeout is {window.IdleTimeout}; it must be positive."));
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
