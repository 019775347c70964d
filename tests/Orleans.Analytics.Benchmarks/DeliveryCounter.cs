namespace Orleans.Analytics.Benchmarks;

/// <summary>Counts records delivered to grains and signals when a target is reached.</summary>
internal static class DeliveryCounter
{
    private static long s_count;
    private static long s_target = long.MaxValue;
    private static TaskCompletionSource s_done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static Task Reset(long target)
    {
        Interlocked.Exchange(ref s_count, 0);
        Interlocked.Exchange(ref s_target, target);
        s_done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return s_done.Task;
    }

    public static long Count => Interlocked.Read(ref s_count);

    public static void Add(long n)
    {
        if (Interlocked.Add(ref s_count, n) >= Interlocked.Read(ref s_target))
        {
            s_done.TrySetResult();
        }
    }
}
