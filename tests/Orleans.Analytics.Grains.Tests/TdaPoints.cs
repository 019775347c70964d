using System.Text.Json;

namespace Orleans.Analytics.Grains.Tests;

/// <summary>Point clouds and seed-shaped events for the TDA job tests.</summary>
internal static class TdaPoints
{
    /// <summary><paramref name="count"/> points evenly spaced on the unit circle.</summary>
    public static double[][] Circle(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new[] { Math.Cos(2 * Math.PI * i / count), Math.Sin(2 * Math.PI * i / count) })];

    /// <summary>An event of the seed's shape: <c>{type, stream_id, payload: {points}}</c>.</summary>
    public static string Event(string type, string streamId, double[][] points) =>
        JsonSerializer.Serialize(new { type, stream_id = streamId, timestamp = 1_733_326_200_000L, payload = new { points } });
}
