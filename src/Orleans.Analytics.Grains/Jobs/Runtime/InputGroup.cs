using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>The jobs of a topic sharing one parser: each record is parsed once and offered to each of them.</summary>
/// <typeparam name="T">The input type.</typeparam>
internal sealed class InputGroup<T> : IInputGroup
{
    private readonly IRecordParser<T> _parser;
    private readonly ITypedJobRuntime<T> _first;
    private readonly IJobRoute<T>[] _routes;

    public InputGroup(IReadOnlyList<JobRuntime> jobs, ReaderSettings settings)
    {
        var typed = jobs.Cast<ITypedJobRuntime<T>>().ToArray();
        _first = typed[0];
        _parser = _first.Parser;
        _routes = [.. typed.Select(j => j.CreateRoute(settings))];
        JobNames = [.. jobs.Select(j => j.Name)];
    }

    public IReadOnlyList<string> JobNames { get; }

    public bool Route(in KafkaRawRecord record, ReaderBatch batch, out ParseFailure failure)
    {
        T value;
        try
        {
            if (!_parser.TryParse(record, out value, out failure))
            {
                return false;
            }
        }
        catch (Exception ex)
        {
            failure = new ParseFailure(KafkaErrorTypes.MappingError, $"{_parser.GetType().Name} failed: {ex.Message}");
            return false;
        }

        // The topic's watermark follows the first job's event time, before any job's filter (as a Flink source's does).
        batch.WatermarkTime ??= _first.EventTimeOf(value, record.TimestampMs);
        foreach (var route in _routes)
        {
            route.Add(value, batch);
        }

        return true;
    }

    public void Flush(KafkaPartitionOutput output, ReaderBatch batch)
    {
        foreach (var route in _routes)
        {
            route.Flush(output, batch);
        }
    }

    public void Clear()
    {
        foreach (var route in _routes)
        {
            route.Clear();
        }
    }
}
