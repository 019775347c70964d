namespace Orleans.Analytics.Jobs.EventProcessing;

/// <summary>
/// The event processor job (configuration section <c>Jobs:EventProcessor</c>; command-line switches
/// <c>--input-topic</c>, <c>--output-topic</c>, <c>--error-topic</c>, <c>--consumer-group</c>).
/// </summary>
public sealed class EventProcessorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Jobs:EventProcessor";

    /// <summary>The stream namespace the job's input records go to.</summary>
    public const string StreamNamespace = "event-processor";

    /// <summary>Whether the job runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Topic of raw events. Default <c>input-events</c>.</summary>
    public string InputTopic { get; set; } = "input-events";

    /// <summary>Topic of processed events. Default <c>output-results</c>.</summary>
    public string OutputTopic { get; set; } = "output-results";

    /// <summary>Topic of records that could not be parsed or validated. Default <c>error-events</c>.</summary>
    public string ErrorTopic { get; set; } = "error-events";

    /// <summary>Consumer group committing the input topic's offsets. Default <c>event-processor</c>.</summary>
    public string ConsumerGroup { get; set; } = "event-processor";

    /// <summary>The value of <c>enrichedData.processing_pipeline</c>. Default <c>orleans-event-processor</c>.</summary>
    public string PipelineName { get; set; } = "orleans-event-processor";
}
