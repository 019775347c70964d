namespace Orleans.Analytics.Jobs.EventProcessing;

/// <summary>What the event processors of this process have written, for its stats.</summary>
public static class EventProcessorCounters
{
    private static long s_processed;
    private static long s_errors;

    /// <summary>Records written to the output topic and to the error topic so far.</summary>
    public static EventProcessorStats Snapshot => new(Interlocked.Read(ref s_processed), Interlocked.Read(ref s_errors));

    internal static void Count(bool error)
    {
        if (error)
        {
            Interlocked.Increment(ref s_errors);
        }
        else
        {
            Interlocked.Increment(ref s_processed);
        }
    }
}
