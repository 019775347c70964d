using System.Globalization;
using System.Text.Json;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Maps a record of a <see cref="KafkaSourceTopic"/> to a <see cref="KafkaRecord"/> event on the stream
/// (topic namespace, key), checking the value is JSON when the topic asks for it.
/// </summary>
internal sealed class DefaultRecordMapper(KafkaSourceTopic topic) : IKafkaRecordMapper
{
    private readonly string _namespace = topic.Namespace;
    // A partition-keyed topic sends every record of a partition to the same stream: build each StreamId once.
    private readonly StreamId[] _partitionStreams = [.. Enumerable.Range(0, 1024).Select(p => StreamId.Create(topic.Namespace, p.ToString(CultureInfo.InvariantCulture)))];

    public KafkaRecordMapping Map(KafkaRecord record)
    {
        if (topic.Format == RecordFormat.Json && !IsJson(record.Value, out var error))
        {
            return KafkaRecordMapping.Reject(KafkaErrorTypes.ParseError, error);
        }

        var stream = topic.KeySource == StreamKeySource.RecordKey && record.Key is not null
            ? StreamId.Create(_namespace, record.Key)
            : PartitionStream(record.Partition);
        return KafkaRecordMapping.ToStream(stream, record);
    }

    internal static bool IsJson(ReadOnlySpan<byte> value, out string error)
    {
        if (value.IsEmpty)
        {
            error = "The record value is empty; a JSON document was expected.";
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(value, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (reader.Read())
            {
                reader.Skip();
            }

            // A second value after the first document is also malformed.
            if (reader.Read())
            {
                error = $"Unexpected data after the JSON document at byte {reader.TokenStartIndex}.";
                return false;
            }

            error = string.Empty;
            return true;
        }
        catch (JsonException ex)
        {
            error = "The record value is not valid JSON: " + ex.Message;
            return false;
        }
    }

    private StreamId PartitionStream(int partition) =>
        (uint)partition < (uint)_partitionStreams.Length
            ? _partitionStreams[partition]
            : StreamId.Create(_namespace, partition.ToString(CultureInfo.InvariantCulture));
}
