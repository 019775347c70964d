namespace Orleans.Analytics.Jobs.EventProcessing;

/// <summary>The record one input became: a processed event, or an error record.</summary>
/// <param name="IsError">Whether it goes to the error topic.</param>
/// <param name="Value">The record, UTF-8 JSON.</param>
public readonly record struct EventProcessorResult(bool IsError, byte[] Value);
