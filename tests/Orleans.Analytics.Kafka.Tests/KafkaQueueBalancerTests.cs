using System.Net;

namespace Orleans.Analytics.Kafka.Tests;

public sealed class KafkaQueueBalancerTests
{
    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    private static readonly QueueId[] Queues = [.. Enumerable.Range(0, 8).Select(p => QueueId.GetQueueId("t", (uint)p, (uint)p))];

    [Fact]
    public void Every_queue_has_exactly_one_owner_among_the_active_silos()
    {
        SiloAddress[] silos = [Silo(1), Silo(2), Silo(3)];
        var owned = silos.SelectMany(s => KafkaQueueBalancer.Assign(Queues, silos, s)).ToList();
        owned.Order().ShouldBe(Queues.Order());
        silos.Select(s => KafkaQueueBalancer.Assign(Queues, silos, s).Length).Order().ShouldBe([2, 3, 3]);
    }

    [Fact]
    public void When_a_silo_leaves_the_others_take_its_queues()
    {
        SiloAddress[] survivors = [Silo(1), Silo(3)];
        survivors.SelectMany(s => KafkaQueueBalancer.Assign(Queues, survivors, s)).Order().ShouldBe(Queues.Order());
        KafkaQueueBalancer.Assign(Queues, survivors, Silo(2)).ShouldBeEmpty("an inactive silo reads nothing");
    }
}
