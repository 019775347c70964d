using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Core.Tests;

/// <summary>Retractions of superseded sessions: which keys get one, with what revision, and across a restore.</summary>
public sealed class SessionRetractionTests
{
    private static readonly TimeSpan Lateness = TimeSpan.FromHours(2);

    private static KeyedSessionOperator<string, int, List<int>, string> Sessions(CountTrigger? trigger = null) =>
        new(new SessionWindows(TimeSpan.FromMinutes(30)),
            CollectingAggregate.Instance,
            new WindowOperatorOptions { AllowedLateness = Lateness, CountTrigger = trigger });

    private static long Min(double minutes) => Ms.At(minutes * 60);

    private static TimeWindow Window(double startMinute, double endMinute) => new(Min(startMinute), Min(endMinute));

    private static List<(EmissionKind Kind, TimeWindow Window, int Revision)> Described(IEnumerable<WindowEmission<string, string>> emissions) =>
        [.. emissions.Select(e => (e.Kind, e.Window, e.Revision))];

    /// <summary>Two sessions, [0, 30) and [40, 70) minutes, both emitted.</summary>
    private static KeyedSessionOperator<string, int, List<int>, string> TwoEmittedSessions()
    {
        var op = Sessions();
        op.OnEvent("u", Min(0), 1);
        op.OnEvent("u", Min(40), 2);
        Described(op.Advance(Min(80))).ShouldBe([(EmissionKind.OnTime, Window(0, 30), 0), (EmissionKind.OnTime, Window(40, 70), 0)]);
        return op;
    }

    private static KeyedSessionOperator<string, int, List<int>, string> RoundTrip(KeyedSessionOperator<string, int, List<int>, string> op)
    {
        // As a key grain persists it: JSON through System.Text.Json, into a fresh operator.
        var json = JsonSerializer.SerializeToUtf8Bytes(op.Snapshot());
        var restored = Sessions();
        restored.Restore(JsonSerializer.Deserialize<WindowOperatorSnapshot<string, List<int>>>(json).ShouldNotBeNull());
        return restored;
    }

    [Fact]
    public void Late_event_bridging_two_emitted_sessions_retracts_the_later_key_and_re_emits_the_merged_session_under_the_earlier()
    {
        var op = TwoEmittedSessions();

        op.OnEvent("u", Min(20), 3).ShouldBe(EventOutcome.LateWithinLateness);
        var emitted = op.Advance(Min(80));

        Described(emitted).ShouldBe([(EmissionKind.Retraction, Window(40, 70), 1), (EmissionKind.Late, Window(0, 70), 1)]);
        emitted[1].Result.ShouldBe("1,2,3");
        op.Advance(Min(81)).ShouldBeEmpty();
    }

    [Fact]
    public void Bridging_merge_keeps_the_earliest_session_key_whichever_session_absorbs_the_other()
    {
        var op = Sessions();
        // The later session arrives first, so it is the one the merge folds the other into.
        op.OnEvent("u", Min(40), 1);
        op.OnEvent("u", Min(0), 2);
        op.Advance(Min(80)).Count.ShouldBe(2);

        op.OnEvent("u", Min(20), 3);

        Described(op.Advance(Min(80))).ShouldBe([(EmissionKind.Retraction, Window(40, 70), 1), (EmissionKind.Late, Window(0, 70), 1)]);
    }

    [Fact]
    public void Late_event_moving_an_emitted_session_start_earlier_retracts_its_old_key()
    {
        var op = Sessions();
        op.OnEvent("u", Min(30), 1);
        op.Advance(Min(60)).ShouldHaveSingleItem().Window.ShouldBe(Window(30, 60));

        op.OnEvent("u", Min(10), 2).ShouldBe(EventOutcome.LateWithinLateness);

        Described(op.Advance(Min(60))).ShouldBe([(EmissionKind.Retraction, Window(30, 60), 1), (EmissionKind.Late, Window(10, 60), 1)]);
    }

    [Fact]
    public void Session_whose_start_moves_before_it_is_emitted_needs_no_retraction()
    {
        var op = Sessions();
        op.OnEvent("u", Min(30), 1);
        op.OnEvent("u", Min(10), 2);
        op.OnEvent("u", Min(50), 3);

        Described(op.Advance(long.MaxValue)).ShouldBe([(EmissionKind.OnTime, Window(10, 80), 0)]);
    }

    [Fact]
    public void Early_fired_session_whose_start_moves_is_retracted_under_the_key_it_fired_with()
    {
        var op = Sessions(new CountTrigger(1));
        op.OnEvent("u", Min(30), 1);
        Described(op.Advance(Min(0))).ShouldBe([(EmissionKind.Early, Window(30, 60), 0)]);

        op.OnEvent("u", Min(10), 2).ShouldBe(EventOutcome.Accepted);

        Described(op.Advance(Min(1))).ShouldBe([(EmissionKind.Retraction, Window(30, 60), 1), (EmissionKind.Early, Window(10, 60), 1)]);
    }

    [Fact]
    public void Every_superseded_key_of_a_chain_of_merges_is_retracted_once_and_the_live_key_never()
    {
        var op = TwoEmittedSessions();
        op.OnEvent("u", Min(20), 3);
        Described(op.Advance(Min(80))).ShouldBe([(EmissionKind.Retraction, Window(40, 70), 1), (EmissionKind.Late, Window(0, 70), 1)]);

        // The merged session was emitted under its start 0; moving that start retracts 0, not 40 again.
        op.OnEvent("u", Min(-20), 4);
        Described(op.Advance(Min(80))).ShouldBe([(EmissionKind.Retraction, Window(0, 70), 2), (EmissionKind.Late, Window(-20, 70), 2)]);

        op.OnEvent("u", Min(5), 5);
        var last = op.Advance(Min(80)).ShouldHaveSingleItem();
        (last.Kind, last.Window, last.Revision).ShouldBe((EmissionKind.Late, Window(-20, 70), 3));
        last.Result.ShouldBe("1,2,3,4,5");
    }

    [Fact]
    public void Retractions_owed_at_a_snapshot_are_emitted_by_the_restored_operator()
    {
        var op = TwoEmittedSessions();
        op.OnEvent("u", Min(20), 3);

        var restored = RoundTrip(op);

        Described(restored.Advance(Min(80))).ShouldBe([(EmissionKind.Retraction, Window(40, 70), 1), (EmissionKind.Late, Window(0, 70), 1)]);
    }

    [Fact]
    public void Where_sessions_were_emitted_survives_a_snapshot_so_a_later_merge_retracts_them()
    {
        var restored = RoundTrip(TwoEmittedSessions());

        restored.OnEvent("u", Min(20), 3);

        Described(restored.Advance(Min(80))).ShouldBe([(EmissionKind.Retraction, Window(40, 70), 1), (EmissionKind.Late, Window(0, 70), 1)]);
    }

    [Fact]
    public void Snapshot_from_before_retractions_were_tracked_takes_emitted_sessions_as_emitted_under_their_start()
    {
        var snapshot = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(TwoEmittedSessions().Snapshot())).ShouldNotBeNull().AsObject();
        snapshot.Remove("Retractions").ShouldBeTrue();
        foreach (var window in snapshot["Windows"].ShouldNotBeNull().AsArray())
        {
            window.ShouldNotBeNull().AsObject().Remove("Emitted").ShouldBeTrue();
        }

        var restored = Sessions();
        restored.Restore(snapshot.Deserialize<WindowOperatorSnapshot<string, List<int>>>().ShouldNotBeNull());
        restored.OnEvent("u", Min(20), 3);

        Described(restored.Advance(Min(80))).ShouldBe([(EmissionKind.Retraction, Window(40, 70), 1), (EmissionKind.Late, Window(0, 70), 1)]);
    }
}
