using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>
/// The default parser: the record value is one JSON document read with System.Text.Json and a source-generated
/// context (<c>[JsonSerializable(typeof(Order))] partial class OrdersJson : JsonSerializerContext</c>).
/// </summary>
/// <typeparam name="T">The input type.</typeparam>
public sealed class JsonRecordParser<T>(JsonTypeInfo<T> typeInfo) : IRecordParser<T>
{
    /// <summary>The type information the records are read with.</summary>
    public JsonTypeInfo<T> TypeInfo { get; } = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));

    /// <inheritdoc />
    public bool TryParse(in KafkaRawRecord record, out T value, out ParseFailure failure)
    {
        value = default!;
        if (record.Value.IsEmpty)
        {
            failure = ParseFailure.Parse("The record value is empty; a JSON document was expected.");
            return false;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(record.Value, TypeInfo);
            if (parsed is null)
            {
                failure = ParseFailure.Validation($"The record is JSON null; a {typeof(T).Name} was expected.");
                return false;
            }

            value = parsed;
            failure = default;
            return true;
        }
        catch (JsonException ex)
        {
            failure = ParseFailure.Parse($"The record value is not a valid {typeof(T).Name}: {ex.Message}");
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // A string that is not valid UTF-8 or UTF-16 (a lone surrogate escape).
            failure = ParseFailure.Parse("The record value is not valid JSON text: " + ex.Message);
            return false;
        }
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is JsonRecordParser<T> other && ReferenceEquals(other.TypeInfo, TypeInfo);

    /// <inheritdoc />
    public override int GetHashCode() => TypeInfo.GetHashCode();
}
