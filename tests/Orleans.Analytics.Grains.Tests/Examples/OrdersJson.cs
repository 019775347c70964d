using System.Text.Json.Serialization;

namespace Orleans.Analytics.Grains.Tests.Examples;

/// <summary>How orders are read and results written: System.Text.Json, source-generated, snake_case names, null only where the type allows it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(OrdersPerRegionResult))]
public sealed partial class OrdersJson : JsonSerializerContext;
