namespace Orleans.Analytics.Jobs.Tda;

/// <summary>Stream names of the streaming TDA job: one namespace per source topic, the stream key is the <c>stream_id</c>.</summary>
public static class TdaStreams
{
    /// <summary>The namespace <c>tda_events</c> records go to.</summary>
    public const string Events = "tda-events";

    /// <summary>The namespace <c>tda_jobs</c> records go to.</summary>
    public const string Jobs = "tda-jobs";

    /// <summary>The stream of records that carry no <c>stream_id</c>, as in the seed.</summary>
    public const string DefaultStreamId = "default";
}
