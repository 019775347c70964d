using System.Text.Json;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Jobs;
using Orleans.Analytics.Jobs.Analytics;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>The session tracker's key state as a key grain drives it, without a cluster.</summary>
public sealed class SessionTrackerJobTests
{
    private static readonly long Start = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly ProcessingOptions Options = new() { SessionGap = TimeSpan.FromSeconds(8), AllowedLateness = TimeSpan.FromMinutes(10) };

    private static readonly JobRuntime Job = JobHarness.Runtime(new SessionTrackerJob(Options, new AnalyticsTopics()), Options);

    private static KeyedInput<AnalyticsEvent> Event(int offset, int second) =>
        new(offset, Start + (second * 1_000L), "u", new AnalyticsEvent(Start + (second * 1_000L), "u", $"s-{offset}", "page_view", "/", "desktop", null));

    private static string Key(int second) => $"u|{EventTimes.ToIso(Start + (second * 1_000L))}";

    [Fact]
    public void Superseded_session_becomes_a_tombstone_under_its_old_key_even_across_a_save_and_load()
    {
        var state = Job.CreateKeyState("partition:0");
        state.Apply(JobHarness.Inputs(Event(0, 0), Event(1, 12)));
        state.AdvanceTo(Start + 60_000).Records.Select(r => r.Key).ShouldBe([Key(0), Key(12)]);

        state.Apply(JobHarness.Inputs(Event(2, 6))).Late.ShouldBe(0, "within the allowed lateness");
        var reloaded = Job.CreateKeyState("partition:0");
        reloaded.Load(state.Save());
        var output = reloaded.AdvanceTo(Start + 60_000);

        output.Records.Count.ShouldBe(2);
        output.Tombstones.ShouldBe(1);
        var tombstone = output.Records[0];
        tombstone.Topic.ShouldBe("session_metrics");
        tombstone.Key.ShouldBe(Key(12));
        tombstone.Value.ShouldBeNull();
        output.ClosedWindowEnds.Count.ShouldBe(1, "a tombstone closes no window");

        output.Records[1].Key.ShouldBe(Key(0));
        var merged = JsonDocument.Parse(output.Records[1].Value.ShouldNotBeNull()).RootElement;
        merged.GetProperty("event_count").GetInt64().ShouldBe(3);
        merged.GetProperty("session_start").GetString().ShouldBe(EventTimes.ToIso(Start));
        merged.GetProperty("revision").GetInt32().ShouldBe(1);
    }
}
