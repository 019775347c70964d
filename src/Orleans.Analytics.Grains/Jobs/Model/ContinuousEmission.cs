namespace Orleans.Analytics.Jobs;

/// <summary>An update of a running aggregate.</summary>
/// <param name="Key">The grouping key (also the record's Kafka key).</param>
/// <param name="Result">The aggregate over every input of the key so far.</param>
/// <param name="Watermark">The highest watermark seen while the key's inputs were applied, epoch milliseconds (<see cref="long.MinValue"/> before any).</param>
public readonly record struct ContinuousEmission<TResult>(string Key, TResult Result, long Watermark);
