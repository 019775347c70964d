namespace Orleans.Analytics.Grains.Tests.Examples;

/// <summary>
/// A record of <c>orders_per_region</c>, one per region and window (Kafka key <c>region|window_start</c>):
/// <c>{window_start, window_end, region, orders, revenue, percentile, amount_at_percentile, revision}</c>.
/// </summary>
public sealed record OrdersPerRegionResult(
    string WindowStart,
    string WindowEnd,
    string Region,
    long Orders,
    double Revenue,
    double Percentile,
    double AmountAtPercentile);
