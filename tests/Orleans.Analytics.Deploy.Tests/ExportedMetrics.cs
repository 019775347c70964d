namespace Orleans.Analytics.Deploy.Tests;

/// <summary>exported-metrics.txt: the metric families the silo was seen exporting at /metrics.</summary>
internal static class ExportedMetrics
{
    public const string Path = "tests/Orleans.Analytics.Deploy.Tests/exported-metrics.txt";

    private static readonly string[] s_histogramSeries = ["_bucket", "_sum", "_count"];

    public static IReadOnlySet<string> Names() => Repository.ReadText(Path)
        .Split('\n')
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="name"/> is an exported family, or a histogram's bucket, sum or count series.</summary>
    public static bool IsExported(IReadOnlySet<string> exported, string name) =>
        exported.Contains(name)
        || s_histogramSeries.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal) && exported.Contains(name[..^suffix.Length]));
}
