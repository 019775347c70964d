using System.Collections.Concurrent;

namespace Orleans.Analytics.TestInfrastructure;

/// <summary>
/// What in-process test silos report to the test: deliveries and applications of records, with a signal the test
/// waits on instead of sleeping. Silos of a TestingHost cluster share the test process, so a static is shared.
/// </summary>
public static class TestProbe
{
    private static readonly ConcurrentDictionary<(int, long), int> s_deliveries = new();
    private static readonly ConcurrentDictionary<(int, long), int> s_applied = new();
    private static readonly Lock s_gate = new();
    private static readonly List<(int Count, TaskCompletionSource Signal)> s_waiters = [];
    private static volatile Func<Kafka.KafkaRecord, bool> s_fail = static _ => false;

    private static volatile TaskCompletionSource s_consumerGate = Open();

    public static int AppliedCount => s_applied.Count;

    /// <summary>Holds every consumer at its next delivery until <see cref="OpenGate"/>.</summary>
    public static void CloseGate() => s_consumerGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public static void OpenGate() => s_consumerGate.TrySetResult();

    internal static Task Gate => s_consumerGate.Task;

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    public static IReadOnlyDictionary<(int Partition, long Offset), int> Deliveries => s_deliveries;

    public static IReadOnlyDictionary<(int Partition, long Offset), int> ApplyCounts => s_applied;

    public static void Reset()
    {
        s_deliveries.Clear();
        s_applied.Clear();
        s_fail = static _ => false;
        OpenGate();
    }

    /// <summary>Makes consumers throw on the records <paramref name="predicate"/> selects.</summary>
    public static void FailWhen(Func<Kafka.KafkaRecord, bool> predicate) => s_fail = predicate;

    internal static bool ShouldFail(Kafka.KafkaRecord record) => s_fail(record);

    internal static void Delivered(int partition, long offset) => s_deliveries.AddOrUpdate((partition, offset), 1, static (_, n) => n + 1);

    internal static void Applied(IEnumerable<(int Partition, long Offset)> records)
    {
        foreach (var record in records)
        {
            s_applied.AddOrUpdate(record, 1, static (_, n) => n + 1);
        }

        lock (s_gate)
        {
            var count = s_applied.Count;
            foreach (var waiter in s_waiters.Where(w => w.Count <= count).ToList())
            {
                waiter.Signal.TrySetResult();
                s_waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Completes when at least <paramref name="count"/> distinct records were applied; fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitForAppliedAsync(int count, TimeSpan timeout)
    {
        TaskCompletionSource signal;
        lock (s_gate)
        {
            if (s_applied.Count >= count)
            {
                return;
            }

            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            s_waiters.Add((count, signal));
        }

        try
        {
            await signal.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Only {s_applied.Count} of {count} records were applied within {timeout}.");
        }
    }
}
