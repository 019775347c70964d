using System.Globalization;
using System.Text.Json;

namespace Orleans.Analytics.Core.Samples;

/// <summary>
/// Makes point-cloud events for the streaming TDA job (<c>tda_events</c>) for demos and load: a few noisy shapes
/// whose topology is known, each its own cloud (the Kafka key), so that their persistence diagrams show it: two
/// circles (one long-lived 1-dimensional class each) and a sphere (one 2-dimensional class).
/// </summary>
/// <remarks>
/// Each event carries a few points sampled on one shape, in turn, with Gaussian noise:
/// <c>{"event_id", "type": "point_cloud_update", "timestamp": epoch ms, "payload": {"points": [[x, y(, z)], ...],
/// "algorithm": "vietoris_rips"}}</c>. The shapes are large against the TDA job's default Rips threshold (2.0), so a
/// window's complex stays sparse and is computed in well under a second. The same seed gives the same events for
/// the same clock readings. Not thread-safe: one instance per producing loop.
/// </remarks>
public sealed class SamplePointClouds
{
    /// <summary>The clouds, in the order their events come: name, centre and radius; a centre of three coordinates is a sphere.</summary>
    private static readonly (string Name, double[] Centre, double Radius)[] Shapes =
    [
        ("circle-small", [0, 0], 2.5),
        ("circle-large", [10, 0], 3.5),
        ("sphere", [0, 0, 0], 3),
    ];

    private readonly Random _random;
    private readonly int _pointsPerEvent;
    private readonly double _noise;
    private long _sequence;

    /// <summary>Creates a source of point-cloud events.</summary>
    /// <param name="seed">The random seed; <see langword="null"/> for a different stream each time.</param>
    /// <param name="pointsPerEvent">Points in each event; at least 1. Default 6.</param>
    /// <param name="noise">The standard deviation of the noise added to each coordinate; non-negative. Default 0.1.</param>
    public SamplePointClouds(int? seed = null, int pointsPerEvent = 6, double noise = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsPerEvent, 1);
        if (!(noise >= 0) || double.IsInfinity(noise))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "The noise must be a finite, non-negative standard deviation.");
        }

        _random = seed is { } s ? new Random(s) : new Random();
        _pointsPerEvent = pointsPerEvent;
        _noise = noise;
    }

    /// <summary>The names of the clouds (the events' Kafka keys).</summary>
    public static IReadOnlyList<string> Clouds { get; } = [.. Shapes.Select(s => s.Name)];

    /// <summary>The next event, of the next cloud in turn, happening at <paramref name="now"/>.</summary>
    /// <param name="now">The event's time.</param>
    /// <returns>The Kafka key (the cloud) and the JSON value.</returns>
    public (string Key, string Value) Next(DateTimeOffset now)
    {
        var (name, centre, radius) = Shapes[_sequence % Shapes.Length];
        var points = new double[_pointsPerEvent][];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = Sample(centre, radius);
        }

        var record = new Dictionary<string, object>
        {
            ["event_id"] = string.Create(CultureInfo.InvariantCulture, $"{name}-{_sequence++}"),
            ["type"] = "point_cloud_update",
            ["timestamp"] = now.ToUnixTimeMilliseconds(),
            ["payload"] = new Dictionary<string, object> { ["points"] = points, ["algorithm"] = "vietoris_rips" },
        };
        return (name, JsonSerializer.Serialize(record));
    }

    // A point uniformly on the circle or sphere (a normalised Gaussian vector), moved by the noise.
    private double[] Sample(double[] centre, double radius)
    {
        var direction = new double[centre.Length];
        double length;
        do
        {
            for (var d = 0; d < direction.Length; d++)
            {
                direction[d] = Gaussian();
            }

            length = Math.Sqrt(direction.Sum(x => x * x));
        }
        while (length < 1e-9);

        var point = new double[centre.Length];
        for (var d = 0; d < point.Length; d++)
        {
            point[d] = Math.Round(centre[d] + (radius * direction[d] / length) + (_noise * Gaussian()), 4);
        }

        return point;
    }

    // Box–Muller.
    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
