using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs.EventProcessing;

/// <summary>
/// The event processor of seed 003 as a stateless job: every record of <c>Jobs:EventProcessor:InputTopic</c> becomes
/// one record on the output topic (parsed, validated, enriched) or on the error topic, keyed by the input's origin
/// (<c>topic/partition/offset</c>), written by the partition's reader; the input offset is committed once Kafka has it.
/// </summary>
public sealed class EventProcessorJob(EventProcessorOptions options) : IStreamJob, IRecordProcessor
{
    private readonly EventProcessor _processor = new(options.PipelineName);

    public JobDefinition Define(JobBuilder job) => job
        .Named("event-processor")
        .Process(options.InputTopic, this, options.ConsumerGroup, options.OutputTopic, options.ErrorTopic);

    public void Process(in KafkaRawRecord record, DateTimeOffset now, ICollection<SinkRecord> output)
    {
        var result = _processor.Process(record.Value, now);
        EventProcessorCounters.Count(result.IsError);
        output.Add(new SinkRecord(result.IsError ? options.ErrorTopic : options.OutputTopic, record.Origin, result.Value));
    }
}
