using System.Text.Json;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Windows;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Jobs.Analytics;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>The session tracker's key state as a key grain drives it, without a cluster.</summary>
public sealed class SessionTrackerJobTests
{
    private static readonly long Start = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly SessionTrackerJob Job = new(
        new ProcessingOptions { SessionGap = TimeSpan.FromSeconds(8), AllowedLateness = TimeSpan.FromMinutes(10) },
        new AnalyticsTopics());

    private static AnalyticsEvent Event(int offset, int second) =>
        new(0, offset, Start + (second * 1_000L), $"e-{offset}", "u", $"s-{offset}", "page_view", "/", "desktop", null);

    private static string Key(int second) => $"u|{EventTimes.ToIso(Start + (second * 1_000L))}";

    [Fact]
    public void Superseded_session_becomes_a_tombstone_under_its_old_key_even_across_a_save_and_load()
    {
        var state = Job.CreateState();
        state.Add("u", Event(0, 0));
        state.Add("u", Event(1, 12));
        var output = new List<JobResult>();
        state.Advance("u", Start + 60_000, output);
        output.Select(r => r.Record.Key).ShouldBe([Key(0), Key(12)]);

        state.Add("u", Event(2, 6)).Status.ShouldBe(EventStatus.LateWithinLateness);
        var reloaded = Job.CreateState();
        reloaded.Load(state.Save());
        output.Clear();
        reloaded.Advance("u", Start + 60_000, output);

        output.Count.ShouldBe(2);
        var tombstone = output[0];
        tombstone.Record.Topic.ShouldBe("session_metrics");
        tombstone.Record.Key.ShouldBe(Key(12));
        tombstone.Record.Value.ShouldBeNull();
        tombstone.WindowEnd.ShouldBe(long.MinValue, "a tombstone closes no window");

        output[1].Record.Key.ShouldBe(Key(0));
        var merged = JsonDocument.Parse(output[1].Record.Value.ShouldNotBeNull()).RootElement;
        merged.GetProperty("event_count").GetInt64().ShouldBe(3);
        merged.GetProperty("session_start").GetString().ShouldBe(EventTimes.ToIso(Start));
        merged.GetProperty("revision").GetInt32().ShouldBe(1);
    }
}
