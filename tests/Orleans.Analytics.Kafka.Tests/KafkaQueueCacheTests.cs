namespace Orleans.Analytics.Kafka.Tests;

public sealed class KafkaQueueCacheTests
{
    private static readonly StreamId A = StreamId.Create("ns", "a");
    private static readonly StreamId B = StreamId.Create("ns", "b");

    private static KafkaBatchContainer Batch(StreamId stream, params long[] offsets) =>
        new(stream, 0, [.. offsets.Select(o => (object)o)], [.. offsets]);

    [Fact]
    public void A_batch_leaves_the_cache_only_after_its_cursor_moved_past_it()
    {
        var cache = new KafkaQueueCache(100);
        var first = Batch(A, 0, 1);
        cache.AddToCache([first, Batch(A, 2)]);
        using var cursor = cache.GetCacheCursor(A, first.SequenceToken);

        cache.TryPurgeFromCache(out _).ShouldBeFalse("nothing delivered yet");
        cursor.Next().ShouldBeTrue();
        cursor.GetCurrent(out _).ShouldBe(first);
        cache.TryPurgeFromCache(out _).ShouldBeFalse("the first batch is being delivered");

        cursor.Next().ShouldBeTrue();
        cache.TryPurgeFromCache(out var purged).ShouldBeTrue();
        purged.ShouldBe([first]);

        cursor.Next().ShouldBeFalse();
        cache.TryPurgeFromCache(out purged).ShouldBeTrue();
        purged.Count.ShouldBe(1);
        cache.Count.ShouldBe(0);
    }

    [Fact]
    public void A_slow_stream_holds_back_only_its_own_batches()
    {
        var cache = new KafkaQueueCache(100);
        var a = Batch(A, 0);
        var b = Batch(B, 1);
        cache.AddToCache([a, b]);
        using var slow = cache.GetCacheCursor(A, a.SequenceToken);
        using var fast = cache.GetCacheCursor(B, b.SequenceToken);

        fast.Next();
        fast.Next().ShouldBeFalse();
        cache.TryPurgeFromCache(out var purged).ShouldBeTrue("a delivered batch leaves the cache whatever other streams do");
        purged.ShouldBe([b]);
        cache.Records.ShouldBe(1);

        slow.Next();
        slow.Next();
        cache.TryPurgeFromCache(out purged).ShouldBeTrue();
        purged.ShouldBe([a]);
    }

    [Fact]
    public void Clearing_drops_undelivered_batches_and_cursors_continue_with_what_comes_next()
    {
        var cache = new KafkaQueueCache(100);
        cache.AddToCache([Batch(A, 0), Batch(A, 1)]);
        using var cursor = cache.GetCacheCursor(A, new KafkaSequenceToken(0, 0));
        cursor.Next().ShouldBeTrue();

        cache.Clear();
        cache.Records.ShouldBe(0);
        cache.Count.ShouldBe(0);
        cursor.Next().ShouldBeFalse("the second batch was dropped with the first");

        var replayed = Batch(A, 0);
        cache.AddToCache([replayed]);
        cursor.Next().ShouldBeTrue();
        cursor.GetCurrent(out _).ShouldBe(replayed);
    }

    [Fact]
    public void After_a_clear_a_cursor_asked_for_at_a_replayed_offset_starts_there()
    {
        var cache = new KafkaQueueCache(100);
        cache.AddToCache([Batch(A, 5), Batch(A, 6)]);
        using var delivered = cache.GetCacheCursor(A, new KafkaSequenceToken(0, 5));
        delivered.Next();
        delivered.Next();
        delivered.Next().ShouldBeFalse();
        cache.TryPurgeFromCache(out var purged).ShouldBeTrue();
        purged.Count.ShouldBe(2);
        cache.Clear();

        // The partition rewound to offset 3: a consumer that registers now (with the first token of the replay, as
        // the pulling agent asks) must get the replayed batches, not a cache miss that starts it after them.
        var replayed = Batch(A, 3, 4, 5);
        cache.AddToCache([replayed, Batch(A, 6)]);
        using var cursor = cache.GetCacheCursor(A, replayed.SequenceToken);
        cursor.Next().ShouldBeTrue();
        cursor.GetCurrent(out _).ShouldBe(replayed);
    }

    [Fact]
    public void Batches_of_a_stream_without_consumers_count_as_delivered()
    {
        var cache = new KafkaQueueCache(100);
        cache.AddToCache([Batch(A, 0)]);
        cache.TryPurgeFromCache(out var purged).ShouldBeTrue();
        purged.Count.ShouldBe(1);
    }

    [Fact]
    public void A_full_cache_is_under_pressure_and_asks_for_little()
    {
        var cache = new KafkaQueueCache(2);
        cache.GetMaxAddCount().ShouldBe(2);
        cache.AddToCache([Batch(A, 0), Batch(A, 1)]);
        using var cursor = cache.GetCacheCursor(A, new KafkaSequenceToken(0, 0));
        cache.IsUnderPressure().ShouldBeTrue();
        cache.GetMaxAddCount().ShouldBe(1);
    }

    [Fact]
    public void Pressure_counts_records_not_batches()
    {
        var cache = new KafkaQueueCache(10);
        cache.AddToCache([Batch(A, 0, 1, 2, 3, 4, 5)]);
        cache.IsUnderPressure().ShouldBeFalse();
        cache.GetMaxAddCount().ShouldBe(4);

        cache.AddToCache([Batch(A, 6, 7, 8, 9)]);
        cache.IsUnderPressure().ShouldBeTrue();
        cache.Records.ShouldBe(10);

        // Delivered batches leave the cache and take their records with them.
        using var cursor = cache.GetCacheCursor(A, new KafkaSequenceToken(0, 0));
        cursor.Next().ShouldBeTrue();
        cursor.Next().ShouldBeTrue();
        cursor.Next().ShouldBeFalse();
        cache.TryPurgeFromCache(out var purged).ShouldBeTrue();
        purged.Count.ShouldBe(2);
        cache.Records.ShouldBe(0);
        cache.IsUnderPressure().ShouldBeFalse();
    }

    [Fact]
    public void A_cursor_asked_for_a_purged_position_reports_a_cache_miss()
    {
        var cache = new KafkaQueueCache(100);
        cache.AddToCache([Batch(A, 0), Batch(A, 5)]);
        var cursor = cache.GetCacheCursor(A, new KafkaSequenceToken(0, 0));
        cursor.Next();
        cursor.Next();
        cache.TryPurgeFromCache(out _).ShouldBeTrue();
        Should.Throw<QueueCacheMissException>(() => cache.GetCacheCursor(A, new KafkaSequenceToken(0, 0)));
        using var later = cache.GetCacheCursor(A, new KafkaSequenceToken(0, 5));
        later.Next().ShouldBeTrue();
        later.GetCurrent(out _)!.SequenceToken.SequenceNumber.ShouldBe(5);
        cursor.Dispose();
    }

    [Fact]
    public void A_batch_in_delivery_when_the_agent_stops_is_not_counted_as_delivered()
    {
        var cache = new KafkaQueueCache(100);
        var done = Batch(A, 0);
        var inDelivery = Batch(A, 1);
        var waiting = Batch(A, 2);
        var idle = Batch(B, 3);
        cache.AddToCache([done, inDelivery, waiting, idle]);
        var cursorA = cache.GetCacheCursor(A, done.SequenceToken);
        var cursorB = cache.GetCacheCursor(B, idle.SequenceToken);
        cursorA.Next().ShouldBeTrue();
        cursorA.Next().ShouldBeTrue();
        cursorA.GetCurrent(out _).ShouldBe(inDelivery);
        cursorB.Next().ShouldBeTrue();
        cursorB.Next().ShouldBeFalse("B's consumer has everything");

        // The stopping agent disposes every cursor before it shuts the receiver down.
        cursorA.Dispose();
        cursorB.Dispose();

        cache.TryPurgeDeliveredAfterShutdown(out var purged).ShouldBeTrue();
        purged.ShouldBe([done, idle], ignoreOrder: true);
        cache.Count.ShouldBe(2, "the batch in delivery and the one after it are read again by the next owner");
    }

    [Fact]
    public void A_replaced_cursor_holds_nothing_back_once_its_successor_moves()
    {
        var cache = new KafkaQueueCache(100);
        var first = Batch(A, 0);
        var second = Batch(A, 1);
        cache.AddToCache([first, second]);
        var old = cache.GetCacheCursor(A, first.SequenceToken);
        old.Next().ShouldBeTrue();

        // A consumer's handshake: the agent opens a cursor at the consumer's token, then drops the old one.
        using var successor = cache.GetCacheCursor(A, second.SequenceToken);
        old.Dispose();
        successor.Next().ShouldBeTrue();
        successor.Next().ShouldBeFalse();

        cache.TryPurgeDeliveredAfterShutdown(out var purged).ShouldBeTrue();
        purged.ShouldBe([first, second]);
    }

    [Fact]
    public void A_stream_whose_cursors_were_disposed_while_running_is_purged_as_before()
    {
        var cache = new KafkaQueueCache(100);
        var batch = Batch(A, 0);
        cache.AddToCache([batch]);
        var cursor = cache.GetCacheCursor(A, batch.SequenceToken);
        cursor.Dispose();

        // An unsubscribed or inactive consumer does not hold memory while the agent runs.
        cache.TryPurgeFromCache(out var purged).ShouldBeTrue();
        purged.ShouldBe([batch]);
    }

    [Fact]
    public void The_failure_handler_finds_the_batch_holding_a_token()
    {
        var cache = new KafkaQueueCache(100);
        var batch = Batch(A, 3, 4, 9);
        cache.AddToCache([batch]);
        cache.Find(A, new KafkaSequenceToken(0, 4)).ShouldBe(batch);
        cache.Find(A, new KafkaSequenceToken(0, 10)).ShouldBeNull();
        cache.Find(B, new KafkaSequenceToken(0, 4)).ShouldBeNull();
    }
}

internal static class CursorExtensions
{
    public static bool Next(this IQueueCacheCursor cursor) =>
        cursor.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success;
}
