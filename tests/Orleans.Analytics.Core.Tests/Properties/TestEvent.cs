namespace Orleans.Analytics.Core.Tests.Properties;

/// <summary>One record of a generated stream, in arrival order.</summary>
internal readonly record struct TestEvent(int Id, string Key, long Time);
