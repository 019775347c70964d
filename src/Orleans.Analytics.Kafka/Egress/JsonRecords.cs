using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orleans.Analytics.Kafka;

/// <summary>How result and error records are written: compact JSON, text left readable (records are not HTML).</summary>
public static class JsonRecords
{
    /// <summary>Writer options for records on Kafka topics.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
