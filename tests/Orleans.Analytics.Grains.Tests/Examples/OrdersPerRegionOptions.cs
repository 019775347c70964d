using Orleans.Analytics.Jobs;

namespace Orleans.Analytics.Grains.Tests.Examples;

/// <summary>Settings of <see cref="OrdersPerRegionJob"/>, section <c>Jobs:OrdersPerRegion</c>.</summary>
public sealed class OrdersPerRegionOptions : IJobOptions
{
    /// <summary>The topic the orders are read from. Default <c>orders</c>.</summary>
    public string Topic { get; set; } = "orders";

    /// <summary>The topic the results go to. Default <c>orders_per_region</c>.</summary>
    public string SinkTopic { get; set; } = "orders_per_region";

    /// <summary>The tumbling window. Default 1 min.</summary>
    public TimeSpan WindowSize { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Which percentile of the order amount each result carries, in (0, 100]. Default 95.</summary>
    public double Percentile { get; set; } = 95;

    public IEnumerable<string> Validate(string section)
    {
        if (WindowSize <= TimeSpan.Zero)
        {
            yield return $"{section}:WindowSize is '{WindowSize}'; it must be positive.";
        }

        if (!(Percentile > 0 && Percentile <= 100))
        {
            yield return $"{section}:Percentile is '{Percentile}'; it must be in (0, 100].";
        }
    }
}
