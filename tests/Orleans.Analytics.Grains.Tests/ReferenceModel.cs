using Orleans.Analytics.Core.Devices;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>What each job must produce for a finished stream with no late records, computed the plain way.</summary>
internal static class ReferenceModel
{
    public static Dictionary<string, (long Count, int Users)> EventMetrics(IEnumerable<WorkloadEvent> events, long windowMs, ISet<string> allowed) =>
        events.Where(e => allowed.Contains(e.Type))
            .GroupBy(e => $"{e.Type}|{Iso(Floor(e.EventTime, windowMs))}")
            .ToDictionary(g => g.Key, g => ((long)g.Count(), g.Select(e => e.UserId).Distinct().Count()));

    public static Dictionary<string, (long Count, double Avg, double P50, double P95, double P99)> Performance(IEnumerable<WorkloadEvent> events, long windowMs)
    {
        var samples = events.Where(e => e.PageLoadMs is not null)
            .SelectMany(e => new[] { ($"page:{e.Page}", e), ($"device_category:{Category(e)}", e) });
        return samples.GroupBy(s => $"{s.Item1}|{Iso(Floor(s.e.EventTime, windowMs))}")
            .ToDictionary(g => g.Key, g =>
            {
                var values = g.Select(s => s.e.PageLoadMs!.Value).Order().ToArray();
                return ((long)values.Length, values.Average(), NearestRank(values, 0.5), NearestRank(values, 0.95), NearestRank(values, 0.99));
            });
    }

    public static Dictionary<string, (long Events, long PageViews, long Clicks, long Conversions, string SessionId, string Device)> Sessions(IEnumerable<WorkloadEvent> events, long gapMs)
    {
        var sessions = new Dictionary<string, (long, long, long, long, string, string)>();
        foreach (var user in events.GroupBy(e => e.UserId))
        {
            var ordered = user.OrderBy(e => e.EventTime).ToList();
            var current = new List<WorkloadEvent>();
            foreach (var e in ordered)
            {
                // An event joins the session when it falls before the session's last event plus the gap.
                if (current.Count > 0 && e.EventTime >= current[^1].EventTime + gapMs)
                {
                    Add(current);
                    current = [];
                }

                current.Add(e);
            }

            Add(current);
        }

        return sessions;

        void Add(List<WorkloadEvent> session)
        {
            var first = session.MinBy(e => e.EventTime)!;
            sessions[$"{first.UserId}|{Iso(first.EventTime)}"] = (
                session.Count,
                session.Count(e => e.Type == "page_view"),
                session.Count(e => e.Type == "click"),
                session.Count(e => e.Type == "conversion"),
                first.SessionId,
                Category(first));
        }
    }

    public static Dictionary<string, long> ProcessingMetrics(IEnumerable<WorkloadEvent> events) =>
        events.GroupBy(e => e.Type).ToDictionary(g => g.Key, g => (long)g.Count());

    public static string Category(WorkloadEvent e) => DeviceCategorizer.Categorize(e.DeviceType, e.UserAgent).ToWireName();

    private static long Floor(long time, long size) => time - (((time % size) + size) % size);

    private static double NearestRank(double[] sorted, double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
