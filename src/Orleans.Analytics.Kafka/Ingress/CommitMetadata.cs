using System.Globalization;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// What a reader writes down beside a committed offset (Kafka keeps a short string per committed offset): how far it
/// reserved reading (records below may have been delivered; see <see cref="KafkaPartitionStart.ReplayEnd"/>) and the
/// last offset whose dead letter it wrote. Format <c>oa1 r=END d=OFFSET</c>; unknown text reads as nothing written.
/// </summary>
internal static class CommitMetadata
{
    private const string Version = "oa1";

    public static string Format(long reservedEnd, long deadLetteredThrough) =>
        string.Create(CultureInfo.InvariantCulture, $"{Version} r={reservedEnd} d={deadLetteredThrough}");

    public static (long ReservedEnd, long DeadLetteredThrough) Parse(string? metadata)
    {
        long reserved = -1, deadLettered = -1;
        if (metadata is null || !metadata.StartsWith(Version + " ", StringComparison.Ordinal))
        {
            return (reserved, deadLettered);
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
        }

        return (reserved, deadLettered);
    }
}
