using System.Globalization;

namespace Orleans.Analytics.Hosting.Tests;

/// <summary>Reads samples of the Prometheus text a silo serves on <c>/metrics</c>.</summary>
internal static class MetricsText
{
    /// <summary>The sum of a metric's samples that carry <c>topic="<paramref name="topic"/>"</c>.</summary>
    public static double Sum(string metrics, string name, string topic) => ByPartition(metrics, name, topic).Values.Sum();

    /// <summary>A metric's samples that carry <c>topic="<paramref name="topic"/>"</c>, by their <c>partition</c> label (-1 without one).</summary>
    public static Dictionary<int, double> ByPartition(string metrics, string name, string topic)
    {
        var samples = new Dictionary<int, double>();
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.StartsWith(name + "{", StringComparison.Ordinal) || !line.Contains($"topic=\"{topic}\"", StringComparison.Ordinal))
            {
                continue;
            }

            var value = double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            var partition = Label(line, "partition") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : -1;
            samples[partition] = samples.GetValueOrDefault(partition) + value;
        }

        return samples;
    }

    private static string? Label(string line, string label)
    {
        var marker = label + "=\"";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + marker.Length;
        return line[start..line.IndexOf('"', start)];
    }
}
