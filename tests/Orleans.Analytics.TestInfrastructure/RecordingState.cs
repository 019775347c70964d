namespace Orleans.Analytics.TestInfrastructure;

/// <summary>The durable state of a <see cref="RecordingConsumerGrain"/>.</summary>
[GenerateSerializer]
public sealed class RecordingState
{
    [Id(0)]
    public Dictionary<int, long> LastOffsets { get; set; } = [];

    [Id(1)]
    public List<AppliedRecord> Applied { get; set; } = [];
}

/// <summary>A record a consumer applied.</summary>
[GenerateSerializer, Immutable]
public sealed record AppliedRecord([property: Id(0)] int Partition, [property: Id(1)] long Offset, [property: Id(2)] string? Key);
