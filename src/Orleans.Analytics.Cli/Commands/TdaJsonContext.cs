using System.Text.Json.Serialization;

namespace Orleans.Analytics.Cli.Commands;

/// <summary>Source-generated serializer for the TDA result.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TdaJsonResult))]
internal sealed partial class TdaJsonContext : JsonSerializerContext;
