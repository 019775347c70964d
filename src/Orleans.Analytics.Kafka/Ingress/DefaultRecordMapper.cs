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
    private readonly string[] _partitionKeys = [.. Enumerable.Range(0, 1024).Select(p => p.ToString(CultureInfo.InvariantCulture))];

    public KafkaRecordMapping Map(KafkaRecord record)
    {
        if (topic.Format == RecordFormat.Json && !IsJson(record.Value, out var error))
        {
            return KafkaRecordMapping.Reject("PARSE_ERROR", error);
        }

        var key = topic.KeySource == StreamKeySource.RecordKey && record.Key is not null
            ? record.Key
            : PartitionKey(record.Partition);
        return KafkaRecordMapping.ToStream(StreamId.Create(_namespace, key), record);
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

    private string PartitionKey(int partition) =>
        (uint)partition < (uint)_partitionKeys.Length ? _partitionKeys[partition] : partition.ToString(CultureInfo.InvariantCulture);
}
