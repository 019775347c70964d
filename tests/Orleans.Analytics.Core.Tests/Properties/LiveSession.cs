namespace Orleans.Analytics.Core.Tests.Properties;

/// <summary>A session as a model forms it from the records counted so far: its key, bounds and record ids.</summary>
internal readonly record struct LiveSession(string Key, long Start, long End, string Contents);
