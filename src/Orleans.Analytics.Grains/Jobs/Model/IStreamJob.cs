namespace Orleans.Analytics.Jobs;

/// <summary>
/// A job: one class that says what it reads, how a record becomes its input, what it keeps per key and what it
/// emits. Register it with one line (<see cref="StreamJobRegistry.Add{TJob, TOptions}"/>), which also binds its options.
/// </summary>
/// <example>
/// <code>
/// public sealed class OrdersPerRegionJob(OrdersPerRegionOptions options) : IStreamJob
/// {
///     public JobDefinition Define(JobBuilder job) => job
///         .From(options.Topic, OrdersJson.Default.Order)
///         .Where(order => order.Amount > 0)
///         .KeyBy(order => order.Region)
///         .EventTime(order => order.PlacedAt)
///         .Window(JobWindows.Tumbling(options.WindowSize))
///         .Aggregate(new OrderStatsAggregate())
///         .ToTopic(options.SinkTopic, (json, result) => json.WriteNumber("orders", result.Result.Count));
/// }
/// </code>
/// </example>
public interface IStreamJob
{
    /// <summary>Describes the job; called once per silo at start.</summary>
    JobDefinition Define(JobBuilder job);
}
