using System.Globalization;
using System.Text.Json;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs.Tda;

/// <summary>
/// The seed's event filter and point extraction. An event is a TDA event when its <c>type</c> is one of the seed's
/// four types or its <c>payload</c> (or <c>data</c>) holds <c>points</c> / <c>point_cloud</c>; points are arrays of
/// numbers under <c>points</c> or <c>point_cloud</c>, in <c>payload</c>, <c>data</c> or at the top level.
/// </summary>
internal static class TdaEventParser
{
    private static readonly HashSet<string> TdaTypes = new(StringComparer.Ordinal)
    {
        "point_cloud_update", "streaming_data", "real_time_computation", "file_processed",
    };

    private static readonly string[] Containers = ["payload", "data"];
    private static readonly string[] PointFields = ["points", "point_cloud"];

    public static TdaParseStatus Parse(KafkaRecord record, out TdaEvent? parsed, out string? error)
    {
        parsed = null;
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(record.Value);
        }
        catch (JsonException ex)
        {
            error = "The record value is not valid JSON: " + ex.Message;
            return TdaParseStatus.Invalid;
        }

        using (document)
        {
            try
            {
                return Read(record, document.RootElement, out parsed, out error);
            }
            catch (InvalidOperationException ex)
            {
                // A string escape that is not valid UTF-16 (a lone surrogate): well-formed JSON whose text cannot be read.
                parsed = null;
                error = "The record value is not valid JSON: " + ex.Message;
                return TdaParseStatus.Invalid;
            }
        }
    }

    private static TdaParseStatus Read(KafkaRecord record, JsonElement root, out TdaEvent? parsed, out string? error)
    {
        parsed = null;
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return TdaParseStatus.Filtered;
        }

        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var payloadHasPoints = Containers.Any(c => Container(root, c) is { } body && PointFields.Any(f => body.TryGetProperty(f, out _)));
        if (!payloadHasPoints && (type is null || !TdaTypes.Contains(type)))
        {
            return TdaParseStatus.Filtered;
        }

        var points = new List<double[]>();
        if (FindPoints(root) is { } found && !TryReadPoints(found.Value, found.Path, points, out error))
        {
            return TdaParseStatus.Invalid;
        }

        var algorithm = Text(Container(root, "payload"), "algorithm") ?? Text(Container(root, "data"), "algorithm") ?? Text(root, "algorithm");
        parsed = new TdaEvent(points, algorithm, EventTime(root) ?? record.TimestampMs);
        return TdaParseStatus.Accepted;
    }

    private static JsonElement? Container(JsonElement root, string name) =>
        root.TryGetProperty(name, out var body) && body.ValueKind == JsonValueKind.Object ? body : null;

    private static (JsonElement Value, string Path)? FindPoints(JsonElement root)
    {
        foreach (var container in Containers)
        {
            if (Container(root, container) is { } body)
            {
                foreach (var field in PointFields)
                {
                    if (body.TryGetProperty(field, out var value))
                    {
                        return (value, container + "." + field);
                    }
                }
            }
        }

        foreach (var field in PointFields)
        {
            if (root.TryGetProperty(field, out var value))
            {
                return (value, field);
            }
        }

        return null;
    }

    private static bool TryReadPoints(JsonElement value, string path, List<double[]> points, out string? error)
    {
        error = null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            error = $"Field '{path}' must be an array of points (arrays of numbers) but was {Kind(value)}.";
            return false;
        }

        var index = 0;
        foreach (var point in value.EnumerateArray())
        {
            if (point.ValueKind != JsonValueKind.Array || point.GetArrayLength() == 0)
            {
                error = Invariant($"Point {index} of '{path}' must be a non-empty array of numbers but was {Kind(point)}.");
                return false;
            }

            var coordinates = new double[point.GetArrayLength()];
            var c = 0;
            foreach (var coordinate in point.EnumerateArray())
            {
                if (coordinate.ValueKind != JsonValueKind.Number || !coordinate.TryGetDouble(out var x) || !double.IsFinite(x))
                {
                    error = Invariant($"Coordinate {c} of point {index} of '{path}' must be a finite number but was {Kind(coordinate)}.");
                    return false;
                }

                coordinates[c++] = x;
            }

            if (points.Count > 0 && coordinates.Length != points[0].Length)
            {
                error = Invariant($"Point {index} of '{path}' has {coordinates.Length} coordinates but point 0 has {points[0].Length}.");
                return false;
            }

            points.Add(coordinates);
            index++;
        }

        return true;
    }

    private static string? Text(JsonElement? body, string name) =>
        body is { } b && b.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? EventTime(JsonElement root)
    {
        if (!root.TryGetProperty("timestamp", out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms))
        {
            return ms;
        }

        return value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUnixTimeMilliseconds()
            : null;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "the number " + value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
