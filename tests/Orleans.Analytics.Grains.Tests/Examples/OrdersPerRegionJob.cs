using Orleans.Analytics.Core.Aggregation;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Windows;
using Orleans.Analytics.Jobs;

namespace Orleans.Analytics.Grains.Tests.Examples;

/// <summary>
/// Orders per region in tumbling windows of event time: how many, their revenue, and a percentile of their amount
/// (within 1 % of the exact nearest-rank value).
/// </summary>
public sealed class OrdersPerRegionJob(OrdersPerRegionOptions options) : IStreamJob
{
    public JobDefinition Define(JobBuilder job) => job
        .From(options.Topic, OrdersJson.Default.Order)
        .Where(order => order.Amount > 0)
        .EventTime(order => order.PlacedAt)
        .KeyBy(order => order.Region)
        .Window(JobWindows.Tumbling(options.WindowSize))
        .Aggregate(new PercentileAggregate<Order>(order => (double)order.Amount))
        .ToTopic(options.SinkTopic, ToResult, OrdersJson.Default.OrdersPerRegionResult);

    private OrdersPerRegionResult ToResult(WindowEmission<string, PercentileSketch> emission) => new(
        WindowStart: EventTimes.ToIso(emission.Window.Start),
        WindowEnd: EventTimes.ToIso(emission.Window.End),
        Region: emission.Key,
        Orders: emission.Result.Count,
        Revenue: Math.Round(emission.Result.Sum, 2),
        Percentile: options.Percentile,
        AmountAtPercentile: Math.Round(emission.Result.GetQuantile(options.Percentile / 100), 2));
}
