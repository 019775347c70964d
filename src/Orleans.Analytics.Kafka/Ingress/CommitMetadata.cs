using System.Globalization;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// What a reader writes down beside a committed offset (Kafka keeps a short string per committed offset): how far it
/// reserved reading (records below may have been delivered; see <see cref="KafkaPartitionStart.ReplayEnd"/>) and the
/// last offset whose dead letter it wrote, and where in the dead-letter topic the dead letters of later records may
/// be (partition and offset: none of them lies below). Format <c>oa1 r=END d=OFFSET q=PARTITION@OFFSET</c>; unknown
/// text reads as nothing written.
/// </summary>
internal static class CommitMetadata
{
    private const string Version = "oa1";

    public static string Format(long reservedEnd, long deadLetteredThrough, DeadLetterFloor floor) =>
        string.Create(CultureInfo.InvariantCulture, $"{Version} r={reservedEnd} d={deadLetteredThrough} q={floor.Partition}@{floor.Offset}");

    public static (long ReservedEnd, long DeadLetteredThrough, DeadLetterFloor? Floor) Parse(string? metadata)
    {
        long reserved = -1, deadLettered = -1;
        DeadLetterFloor? floor = null;
        if (metadata is null || !metadata.StartsWith(Version + " ", StringComparison.Ordinal))
        {
            return (reserved, deadLettered, floor);
        }

        foreach (var part in metadata.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("r=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(2), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var r))
            {
                reserved = r;
            }
            else if (part.StartsWith("d=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(2), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
            {
                deadLettered = d;
            }
            else if (part.StartsWith("q=", StringComparison.Ordinal) && part.IndexOf('@', StringComparison.Ordinal) is var at and > 2
                && int.TryParse(part.AsSpan(2, at - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                && long.TryParse(part.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var q))
            {
                floor = new DeadLetterFloor(p, q);
            }
        }

        return (reserved, deadLettered, floor);
    }
}
