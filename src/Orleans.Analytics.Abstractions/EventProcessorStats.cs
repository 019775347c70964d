namespace Orleans.Analytics;

/// <summary>Counts of an event processor activation.</summary>
/// <param name="Processed">Records written to the output topic.</param>
/// <param name="Errors">Records written to the error topic.</param>
[GenerateSerializer, Immutable]
public sealed record EventProcessorStats([property: Id(0)] long Processed, [property: Id(1)] long Errors);
