namespace Orleans.Analytics.Grains.Tests.Examples;

/// <summary>
/// A record of the <c>orders</c> topic:
/// <c>{"order_id": "o-1", "region": "eu-west", "amount": 42.5, "placed_at": "2024-06-01T08:00:03Z"}</c>.
/// </summary>
public sealed record Order
{
    public required string OrderId { get; init; }

    public required string Region { get; init; }

    public required decimal Amount { get; init; }

    public required DateTimeOffset PlacedAt { get; init; }
}
