namespace Orleans.Analytics.Cli.Commands;

/// <summary>One interval in the JSON result.</summary>
internal sealed record TdaJsonPair(int Dimension, double Birth, double? Death);
