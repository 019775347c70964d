namespace Orleans.Analytics.Silo.Demo;

/// <summary>Where the demo generator writes besides the event processor's input.</summary>
/// <param name="AnalyticsEvents">The analytics jobs' source topic (<c>Kafka:Topics:Events</c>).</param>
/// <param name="PointClouds">The TDA job's source topic (<c>Tda:Topics:Events</c>), or null when the TDA job is off.</param>
internal sealed record DemoTopics(string AnalyticsEvents, string? PointClouds);
