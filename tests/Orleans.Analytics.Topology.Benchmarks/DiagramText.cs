using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Analytics.Topology.Benchmarks;

/// <summary>Parses reference outputs and compares diagrams within a relative tolerance.</summary>
internal static partial class DiagramText
{
    /// <summary>Parses ripser's native output.</summary>
    public static List<PersistencePair> ParseRipser(string text)
    {
        var pairs = new List<PersistencePair>();
        int dim = -1;
        foreach (var line in text.Split('\n'))
        {
            var header = HeaderPattern().Match(line);
            if (header.Success)
            {
                dim = int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture);
                continue;
            }

            var interval = IntervalPattern().Match(line);
            if (interval.Success && dim >= 0)
            {
                double birth = double.Parse(interval.Groups[1].Value, CultureInfo.InvariantCulture);
                string d = interval.Groups[2].Value.Trim();
                pairs.Add(new PersistencePair(dim, birth, d.Length == 0 ? double.PositiveInfinity : double.Parse(d, CultureInfo.InvariantCulture)));
            }
        }

        return pairs;
    }

    /// <summary>Parses the oracle script's "dim birth death" lines and its time.</summary>
    public static (List<PersistencePair> Pairs, double Seconds) ParseOracle(string text)
    {
        var pairs = new List<PersistencePair>();
        double seconds = double.NaN;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            if (parts[0] == "time_seconds")
            {
                seconds = double.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            else if (parts[0] != "betti")
            {
                pairs.Add(new PersistencePair(
                    int.Parse(parts[0], CultureInfo.InvariantCulture),
                    double.Parse(parts[1], CultureInfo.InvariantCulture),
                    parts[2] == "inf" ? double.PositiveInfinity : double.Parse(parts[2], CultureInfo.InvariantCulture)));
            }
        }

        return (pairs, seconds);
    }

    /// <summary>Number of intervals (longer than the tolerance) without a partner within the tolerance, both ways.</summary>
    public static int Differences(IReadOnlyList<PersistencePair> ours, IReadOnlyList<PersistencePair> theirs, double tolerance)
    {
        int maxDim = ours.Concat(theirs).Select(p => p.Dimension).DefaultIfEmpty(0).Max();
        int count = 0;
        for (int d = 0; d <= maxDim; d++)
        {
            var a = ours.Where(p => p.Dimension == d).OrderBy(p => p.Birth).ThenBy(p => p.Death).ToList();
            var b = theirs.Where(p => p.Dimension == d).OrderBy(p => p.Birth).ThenBy(p => p.Death).ToList();
            count += Unmatched(a, b, tolerance) + Unmatched(b, a, tolerance);
        }

        return count;
    }

    private static bool Close(double x, double y, double tolerance) =>
        (double.IsInfinity(x) && double.IsInfinity(y)) || Math.Abs(x - y) <= tolerance * Math.Max(1.0, Math.Abs(y));

    private static int Unmatched(List<PersistencePair> from, List<PersistencePair> to, double tolerance)
    {
        // Both lists are sorted by birth: search only the window of births within the tolerance.
        var used = new bool[to.Count];
        int missing = 0;
        int start = 0;
        foreach (var p in from)
        {
            while (start < to.Count && to[start].Birth < p.Birth - (tolerance * Math.Max(1.0, Math.Abs(p.Birth)) * 2))
            {
                start++;
            }

            int match = -1;
            for (int i = start; i < to.Count && to[i].Birth <= p.Birth + (tolerance * Math.Max(1.0, Math.Abs(p.Birth)) * 2); i++)
            {
                if (!used[i] && Close(p.Birth, to[i].Birth, tolerance) && Close(p.Death, to[i].Death, tolerance))
                {
                    match = i;
                    break;
                }
            }

            if (match >= 0)
            {
                used[match] = true;
            }
            else if (!Close(p.Birth, p.Death, tolerance * 2))
            {
                missing++;
            }
        }

        return missing;
    }

    [GeneratedRegex(@"persistence intervals in dim (\d+):")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"^\s*\[([^,]*),([^)]*)\)")]
    private static partial Regex IntervalPattern();
}
