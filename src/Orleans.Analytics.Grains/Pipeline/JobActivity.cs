using System.Collections.Concurrent;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// What the jobs' grains on this silo hold and emit: open windows and results per job, and when the last result
/// went out. Grains update it as they change; the status reporter and the open-windows gauge read it.
/// </summary>
public sealed class JobActivity : IDisposable
{
    private readonly ConcurrentDictionary<string, Counters> _jobs = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public JobActivity(TimeProvider time)
    {
        _time = time;
        PipelineInstruments.Register(this);
    }

    /// <summary>A grain's open windows changed by <paramref name="delta"/>.</summary>
    public void AddOpenWindows(string job, long delta)
    {
        if (delta != 0)
        {
            Interlocked.Add(ref For(job).OpenWindows, delta);
        }
    }

    /// <summary>A grain emitted <paramref name="count"/> results now.</summary>
    public void RecordResults(string job, int count)
    {
        var counters = For(job);
        Interlocked.Add(ref counters.Results, count);
        Volatile.Write(ref counters.LastResultAt, _time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    /// <summary>Every job that has had activity on this silo, by name.</summary>
    public IReadOnlyList<JobActivityReport> Snapshot() =>
    [
        .. _jobs.OrderBy(j => j.Key, StringComparer.Ordinal).Select(j =>
        {
            var last = Volatile.Read(ref j.Value.LastResultAt);
            return new JobActivityReport(j.Key, Interlocked.Read(ref j.Value.OpenWindows), Interlocked.Read(ref j.Value.Results), last == 0 ? null : last);
        }),
    ];

    public void Dispose() => PipelineInstruments.Unregister(this);

    private Counters For(string job) => _jobs.GetOrAdd(job, static _ => new Counters());

    private sealed class Counters
    {
        public long OpenWindows;
        public long Results;
        public long LastResultAt;
    }
}
