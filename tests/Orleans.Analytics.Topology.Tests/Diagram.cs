using System.Globalization;

namespace Orleans.Analytics.Topology.Tests;

/// <summary>A persistence diagram with tolerant comparison.</summary>
internal sealed record Diagram(IReadOnlyList<PersistencePair> Pairs, IReadOnlyList<int> Betti)
{
    public static Diagram From(PersistenceResult result) => new(result.Pairs, result.BettiNumbers);

    public static Diagram Parse(string text)
    {
        var pairs = new List<PersistencePair>();
        var betti = new List<int>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            if (parts[0] == "betti")
            {
                betti.AddRange(parts.Skip(1).Select(int.Parse));
            }
            else if (parts[0] != "time_seconds")
            {
                pairs.Add(new PersistencePair(
                    int.Parse(parts[0], CultureInfo.InvariantCulture),
                    double.Parse(parts[1], CultureInfo.InvariantCulture),
                    parts[2] == "inf" ? double.PositiveInfinity : double.Parse(parts[2], CultureInfo.InvariantCulture)));
            }
        }

        return new Diagram(pairs, betti);
    }

    /// <summary>Fails unless every interval of longer than <paramref name="tolerance"/> (relative) has a partner
    /// in the other diagram within that tolerance; shorter ones may be lost to the reference's rounding.</summary>
    public void ShouldMatch(Diagram expected, double tolerance, string because)
    {
        var problems = new List<string>();
        int maxDim = Math.Max(Pairs.Select(p => p.Dimension).DefaultIfEmpty(0).Max(), expected.Pairs.Select(p => p.Dimension).DefaultIfEmpty(0).Max());
        for (int d = 0; d <= maxDim; d++)
        {
            var ours = Pairs.Where(p => p.Dimension == d).OrderBy(p => p.Birth).ThenBy(p => p.Death).ToList();
            var theirs = expected.Pairs.Where(p => p.Dimension == d).OrderBy(p => p.Birth).ThenBy(p => p.Death).ToList();
            Unmatched(ours, theirs, tolerance, problems, $"dim {d}: ours has");
            Unmatched(theirs, ours, tolerance, problems, $"dim {d}: reference has");
        }

        if (problems.Count > 0)
        {
            Assert.Fail($"{because}: {problems.Count} differences, first: {string.Join("; ", problems.Take(8))}");
        }
    }

    /// <summary>Fails unless both diagrams hold exactly the same intervals (dimension, birth and death compared
    /// as doubles, with multiplicity), and the same Betti numbers.</summary>
    public void ShouldEqual(Diagram expected, string because)
    {
        static string Key(PersistencePair p) => string.Create(CultureInfo.InvariantCulture, $"{p.Dimension} {p.Birth:R} {p.Death:R}");
        var ours = Pairs.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count());
        var theirs = expected.Pairs.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count());
        var problems = new List<string>();
        foreach (var key in ours.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
        {
            int a = ours.GetValueOrDefault(key), b = theirs.GetValueOrDefault(key);
            if (a != b)
            {
                problems.Add($"[{key}] ours {a}, reference {b}");
            }
        }

        if (problems.Count > 0 || !Betti.SequenceEqual(expected.Betti))
        {
            Assert.Fail($"{because}: {problems.Count} intervals differ (ours {Pairs.Count}, reference {expected.Pairs.Count}; Betti "
                + $"{string.Join(",", Betti)} against {string.Join(",", expected.Betti)}), first: {string.Join("; ", problems.Take(8))}");
        }
    }

    /// <summary>Counts per dimension: all intervals and the essential ones, as "dim: bars/essential".</summary>
    public string Summary() => string.Join(" ", Pairs.GroupBy(p => p.Dimension).OrderBy(g => g.Key)
        .Select(g => string.Create(CultureInfo.InvariantCulture, $"H{g.Key}: {g.Count()}/{g.Count(p => double.IsPositiveInfinity(p.Death))}")));

    // An infinite value is close only to an infinite one: an essential class never matches a finite interval, and
    // never counts as short.
    private static bool Close(double a, double b, double tolerance) =>
        double.IsInfinity(a) || double.IsInfinity(b) ? a == b : Math.Abs(a - b) <= tolerance * Math.Max(1.0, Math.Abs(b));

    private static void Unmatched(List<PersistencePair> from, List<PersistencePair> to, double tolerance, List<string> problems, string label)
    {
        var used = new bool[to.Count];
        foreach (var p in from)
        {
            int match = -1;
            for (int i = 0; i < to.Count; i++)
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
                problems.Add($"{label} [{p.Birth.ToString("R", CultureInfo.InvariantCulture)}, {p.Death.ToString("R", CultureInfo.InvariantCulture)})");
            }
        }
    }
}
