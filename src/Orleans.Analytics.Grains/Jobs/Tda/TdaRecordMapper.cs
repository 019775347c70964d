using System.Text.Json;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs.Tda;

/// <summary>
/// Routes a TDA source record to the stream of its point cloud: the record key, or, for records without a key, the
/// top-level <c>stream_id</c> of the JSON value (default <c>default</c>, as in the seed). Values that are not JSON
/// are rejected to the dead-letter topic.
/// </summary>
internal sealed class TdaRecordMapper(string streamNamespace) : IKafkaRecordMapper
{
    public KafkaRecordMapping Map(KafkaRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        string? streamId;
        try
        {
            streamId = ScanStreamId(record.Value);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a stream_id that is not valid UTF-8 or UTF-16 (a lone surrogate escape).
            return KafkaRecordMapping.Reject(KafkaErrorTypes.ParseError, "The record value is not valid JSON: " + ex.Message);
        }

        var key = record.Key ?? (string.IsNullOrEmpty(streamId) ? TdaStreams.DefaultStreamId : streamId);
        return KafkaRecordMapping.ToStream(StreamId.Create(streamNamespace, key), record);
    }

    // One pass that both checks the value is a single JSON document and finds its top-level stream_id.
    private static string? ScanStreamId(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            throw new JsonException("the value is empty.");
        }

        var reader = new Utf8JsonReader(value);
        string? streamId = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isStreamId = reader.ValueTextEquals("stream_id"u8);
                reader.Read();
                if (isStreamId && reader.TokenType == JsonTokenType.String)
                {
                    streamId = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        else
        {
            reader.Skip();
        }

        if (reader.Read())
        {
            throw new JsonException("unexpected data after the JSON document.");
        }

        return streamId;
    }
}
