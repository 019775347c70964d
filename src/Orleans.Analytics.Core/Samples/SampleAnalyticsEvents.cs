using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orleans.Analytics.Core.Samples;

/// <summary>
/// Makes realistic <c>analytics_events</c> records for demos and load: users with a fixed device each, sessions that
/// end after a conversion or now and then, mostly page views with their load times, clicks, carts and conversions,
/// and event times a little behind the clock (as from a real fleet of browsers).
/// </summary>
/// <remarks>
/// Records follow the schema the jobs read: <c>{event_id, event_time, user_id, session_id, event:{type, page,
/// properties}, device:{type, os, browser, user_agent}, performance:{page_load_ms, ttfb_ms}}</c>, <c>event_time</c>
/// ISO-8601; the Kafka key is the user. The same seed gives the same records for the same clock readings.
/// Not thread-safe: one instance per producing loop.
/// </remarks>
public sealed class SampleAnalyticsEvents
{
    /// <summary>Event types with their share of the traffic; the jobs' default allowed types plus scrolls.</summary>
    private static readonly (string Type, double Weight)[] Types =
        [("page_view", 0.6), ("click", 0.25), ("add_to_cart", 0.08), ("conversion", 0.04), ("scroll", 0.03)];

    private static readonly string[] Pages = ["/", "/products", "/products/42", "/products/17", "/search", "/cart", "/checkout", "/account"];

    private static readonly string[] ClickTargets = ["button#add-to-cart", "a.product-link", "nav#menu", "button#checkout", "a.banner"];

    /// <summary>Devices as browsers report them; some without <c>device.type</c>, so that the categorizer reads the user agent.</summary>
    private static readonly (string? Type, string Os, string Browser, string UserAgent)[] Devices =
    [
        ("desktop", "Windows", "Chrome", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"),
        ("mobile", "iOS", "Safari", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"),
        (null, "iPadOS", "Safari", "Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"),
        ("desktop", "macOS", "Safari", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15"),
        (null, "Android", "Chrome", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"),
        (null, "unknown", "Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
    ];

    /// <summary>Readable text (a user agent's '+' stays '+'); the records are Kafka values, never embedded in HTML.</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Random _random;
    private readonly int _users;
    private readonly TimeSpan _maxDelay;
    private readonly string?[] _sessions;

    /// <summary>Creates a source of events.</summary>
    /// <param name="users">How many distinct users (<c>user-1</c> … <c>user-N</c>) act; at least 1.</param>
    /// <param name="seed">The random seed; <see langword="null"/> for a different stream each time.</param>
    /// <param name="maxDelay">How far behind the given clock an event time may be (out-of-order arrival); default 3 s.</param>
    public SampleAnalyticsEvents(int users, int? seed = null, TimeSpan? maxDelay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(users, 1);
        _users = users;
        _random = seed is { } s ? new Random(s) : new Random();
        _maxDelay = maxDelay ?? TimeSpan.FromSeconds(3);
        ArgumentOutOfRangeException.ThrowIfLessThan(_maxDelay, TimeSpan.Zero, nameof(maxDelay));
        _sessions = new string?[users];
    }

    /// <summary>The next event, happening at about <paramref name="now"/>.</summary>
    /// <param name="now">The current time; the event time is up to the maximum delay before it.</param>
    /// <returns>The Kafka key (the user) and the JSON value.</returns>
    public (string Key, string Value) Next(DateTimeOffset now)
    {
        var index = _random.Next(_users);
        var user = string.Create(CultureInfo.InvariantCulture, $"user-{index + 1}");
        var session = _sessions[index] ??= NewId("s-");
        var type = PickType();
        var page = type switch
        {
            "add_to_cart" => Pages[2 + _random.Next(2)],
            "conversion" => "/checkout",
            _ => Pages[_random.Next(Pages.Length)],
        };
        var device = Devices[index % Devices.Length];
        var eventTime = now - TimeSpan.FromMilliseconds(_random.NextDouble() * _maxDelay.TotalMilliseconds);
        var record = new Dictionary<string, object?>
        {
            ["event_id"] = NewId(string.Empty),
            ["event_time"] = eventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["user_id"] = user,
            ["session_id"] = session,
            ["event"] = new Dictionary<string, object?> { ["type"] = type, ["page"] = page, ["properties"] = Properties(type) },
            ["device"] = new Dictionary<string, object?> { ["type"] = device.Type, ["os"] = device.Os, ["browser"] = device.Browser, ["user_agent"] = device.UserAgent },
            ["performance"] = type == "page_view"
                ? new Dictionary<string, object> { ["page_load_ms"] = Math.Round(200 + (_random.NextDouble() * _random.NextDouble() * 3000), 1), ["ttfb_ms"] = _random.Next(20, 300) }
                : null,
        };

        // A purchase ends the visit; otherwise a visit ends now and then, as people leave.
        if (type == "conversion" || _random.NextDouble() < 0.03)
        {
            _sessions[index] = null;
        }

        return (user, JsonSerializer.Serialize(record, Json));
    }

    private string PickType()
    {
        var pick = _random.NextDouble();
        foreach (var (type, weight) in Types)
        {
            if ((pick -= weight) < 0)
            {
                return type;
            }
        }

        return Types[^1].Type;
    }

    private Dictionary<string, object> Properties(string type) => type switch
    {
        "click" => new() { ["target"] = ClickTargets[_random.Next(ClickTargets.Length)] },
        "add_to_cart" => new() { ["product_id"] = _random.Next(1, 200), ["quantity"] = _random.Next(1, 4) },
        "conversion" => new() { ["order_id"] = NewId("o-"), ["revenue"] = Math.Round(5 + (_random.NextDouble() * 195), 2), ["currency"] = "EUR" },
        "scroll" => new() { ["depth_percent"] = _random.Next(1, 11) * 10 },
        _ => [],
    };

    /// <summary>A UUID-shaped id from the seeded random, so that a seed repeats its ids too.</summary>
    private string NewId(string prefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return prefix + new Guid(bytes).ToString("D");
    }
}
