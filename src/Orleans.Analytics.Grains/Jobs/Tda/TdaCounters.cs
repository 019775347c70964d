namespace Orleans.Analytics.Jobs.Tda;

/// <summary>Counts of a point-cloud stream, kept for its lifetime and for the current report interval.</summary>
[GenerateSerializer]
internal sealed class TdaCounters
{
    [Id(0)]
    public long EventsApplied { get; set; }

    [Id(1)]
    public long EventsFiltered { get; set; }

    [Id(2)]
    public long EventsRejected { get; set; }

    [Id(3)]
    public long EventsLate { get; set; }

    [Id(4)]
    public long PointsReceived { get; set; }

    [Id(5)]
    public long WindowsComputed { get; set; }

    [Id(6)]
    public long WindowsSkipped { get; set; }

    [Id(7)]
    public long WindowsFailed { get; set; }

    /// <summary>Points of the windows computed (after any subsampling, before: <see cref="PointsReceived"/>).</summary>
    [Id(8)]
    public long PointsComputed { get; set; }

    /// <summary>Sum of the computation times of the windows computed, in milliseconds.</summary>
    [Id(9)]
    public double ComputationMs { get; set; }

    public bool IsEmpty => EventsApplied + EventsFiltered + EventsRejected + EventsLate + WindowsComputed + WindowsSkipped + WindowsFailed == 0;

    public void Add(TdaCounters other)
    {
        EventsApplied += other.EventsApplied;
        EventsFiltered += other.EventsFiltered;
        EventsRejected += other.EventsRejected;
        EventsLate += other.EventsLate;
        PointsReceived += other.PointsReceived;
        WindowsComputed += other.WindowsComputed;
        WindowsSkipped += other.WindowsSkipped;
        WindowsFailed += other.WindowsFailed;
        PointsComputed += other.PointsComputed;
        ComputationMs += other.ComputationMs;
    }
}
