namespace Orleans.Analytics.Jobs.Tda;

/// <summary>The topics of the streaming TDA job (configuration section <c>Tda:Topics</c>), named as in the seed.</summary>
public sealed class TdaTopics
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Tda:Topics";

    /// <summary>Source of point-cloud events. Default <c>tda_events</c>.</summary>
    public string Events { get; set; } = "tda_events";

    /// <summary>Source of job events. Default <c>tda_jobs</c>.</summary>
    public string Jobs { get; set; } = "tda_jobs";

    /// <summary>Persistence results and window error records. Default <c>tda_results</c>.</summary>
    public string Results { get; set; } = "tda_results";

    /// <summary>Per-window computation metrics and the periodic job report. Default <c>tda_monitoring</c>.</summary>
    public string Monitoring { get; set; } = "tda_monitoring";

    /// <summary>TDA events whose points are unusable. Default <c>dead_letters</c>.</summary>
    public string DeadLetters { get; set; } = "dead_letters";
}
