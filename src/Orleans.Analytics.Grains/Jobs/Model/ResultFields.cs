using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Analytics.Jobs;

/// <summary>Writes a result record's properties into an object the pipeline has opened.</summary>
internal static class ResultFields
{
    public static void Write<TRecord>(Utf8JsonWriter json, TRecord record, JsonTypeInfo<TRecord> typeInfo)
    {
        using var document = JsonSerializer.SerializeToDocument(record, typeInfo);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"A result record must be a JSON object; {typeof(TRecord).Name} is written as {document.RootElement.ValueKind}.");
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            property.WriteTo(json);
        }
    }
}
