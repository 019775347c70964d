namespace Orleans.Analytics.Core.Tests.Properties;

/// <summary>Random streams: a steady clock with bounded random disorder, a few keys, some equal times.</summary>
internal static class StreamGenerator
{
    public static List<TestEvent> Generate(Random random, int count, int keys, long step, long disorder)
    {
        var events = new List<TestEvent>(count);
        var origin = random.Next(-5_000, 5_000);
        for (var i = 0; i < count; i++)
        {
            var noise = disorder == 0 ? 0 : random.NextInt64(-disorder, disorder + 1);
            events.Add(new TestEvent(i, "k" + random.Next(keys), origin + (i * step) + noise));
        }

        return events;
    }

    /// <summary>The largest amount by which an event trails an earlier one in arrival order.</summary>
    public static long MaxDisorder(IReadOnlyList<TestEvent> events)
    {
        var max = long.MinValue;
        var worst = 0L;
        foreach (var e in events)
        {
            max = Math.Max(max, e.Time);
            worst = Math.Max(worst, max - e.Time);
        }

        return worst;
    }
}
