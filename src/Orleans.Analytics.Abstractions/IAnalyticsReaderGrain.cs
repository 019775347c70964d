namespace Orleans.Analytics;

/// <summary>The reader of one <c>analytics_events</c> partition; it is driven by its stream only.</summary>
public interface IAnalyticsReaderGrain : IGrainWithStringKey;
