namespace Orleans.Analytics.Core.Time;

/// <summary>Which clock assigns records to windows (<c>Processing:TimeMode</c>).</summary>
public enum TimeMode
{
    /// <summary>The record's own <c>event_time</c>, with watermarks. The default.</summary>
    EventTime = 0,

    /// <summary>The wall clock when the record is processed; the watermark is the wall clock itself.</summary>
    ProcessingTime = 1,
}
