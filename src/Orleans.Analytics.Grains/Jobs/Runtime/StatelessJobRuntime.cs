using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>
/// A stateless job: the partition reader turns each record into its output records itself (no grain holds state),
/// and the record's offset is committed once Kafka has acknowledged them.
/// </summary>
internal sealed class StatelessJobRuntime(string name, string topic, IRecordProcessor processor, IReadOnlyList<string> sinkTopics, string? consumerGroup) : JobRuntime
{
    public override string Name => name;

    public override string SourceTopic => topic;

    public override IReadOnlyList<string> SinkTopics { get; } = sinkTopics;

    public override string Shape => "stateless";

    public override object? Parser => null;

    public override Type InputType => typeof(void);

    public override IEnumerable<Type> SerializedTypes => [];

    public override IRecordProcessor? Processor => processor;

    public override string? ConsumerGroup => consumerGroup;

    public override IKeyState CreateKeyState(string grainKey) =>
        throw new InvalidOperationException($"The stateless job {name} keeps no state per key.");

    public override IInputGroup CreateInputGroup(IReadOnlyList<JobRuntime> jobs, ReaderSettings settings) =>
        throw new InvalidOperationException($"The stateless job {name} parses nothing for other jobs.");
}
