using System.Collections.Concurrent;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// What the jobs' grains on this silo hold and emit: open windows and results per job, when the last result went
/// out, and the watermark of each partition read here. Grains update it as they change; the status reporter and
/// the gauges read it.
/// </summary>
public sealed class JobActivity
{
    private readonly ConcurrentDictionary<string, Counters> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Topic, int Partition), long> _watermarks = new();
    private readonly ConcurrentDictionary<string, string> _sources = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public JobActivity(TimeProvider time)
    {
        _time = time;
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

    /// <summary>Names the source topic of each job, so that a job's input rate is its topic's.</summary>
    public void SetSources(IEnumerable<(string Job, string Topic)> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        foreach (var (job, topic) in sources)
        {
            _sources[job] = topic;
            For(job);
        }
    }

    /// <summary>The source topic of <paramref name="job"/>, or null when unknown.</summary>
    public string? SourceOf(string job) => _sources.GetValueOrDefault(job);

    /// <summary>The wall clock, epoch milliseconds.</summary>
    public long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The reader of a partition on this silo moved its watermark (epoch milliseconds).</summary>
    public void SetWatermark(string topic, int partition, long watermark) =>
        _watermarks.AddOrUpdate((topic, partition), watermark, (_, known) => Math.Max(known, watermark));

    /// <summary>The reader of a partition left this silo.</summary>
    public void RemoveWatermark(string topic, int partition) => _watermarks.TryRemove((topic, partition), out _);

    /// <summary>The watermarks of the partitions read on this silo.</summary>
    public IEnumerable<(string Topic, int Partition, long Watermark)> Watermarks() =>
        _watermarks.Select(w => (w.Key.Topic, w.Key.Partition, w.Value));

    /// <summary>Every job that has had activity on this silo, by name.</summary>
    public IReadOnlyList<JobActivityReport> Snapshot() =>
    [
        .. _jobs.OrderBy(j => j.Key, StringComparer.Ordinal).Select(j =>
        {
            var last = Volatile.Read(ref j.Value.LastResultAt);
            return new JobActivityReport(j.Key, Interlocked.Read(ref j.Value.OpenWindows), Interlocked.Read(ref j.Value.Results), last == 0 ? null : last);
        }),
    ];


    private Counters For(string job) => _jobs.GetOrAdd(job, static _ => new Counters());

    private sealed class Counters
    {
        public long OpenWindows;
        public long Results;
        public long LastResultAt;
    }
}
