using Orleans.Concurrency;

namespace Orleans.Analytics;

/// <summary>The streaming TDA job's state for one point-cloud stream (key: the <c>stream_id</c>).</summary>
public interface IPointCloudGrain : IGrainWithStringKey
{
    /// <summary>What this stream has seen and computed so far; answered even while a window is being computed.</summary>
    [AlwaysInterleave]
    Task<PointCloudStats> GetStatsAsync();
}
