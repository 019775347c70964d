using System.Buffers;

namespace Orleans.Analytics.Core.Devices;

/// <summary>
/// The shared device categorisation used by the session and performance jobs: from an event's
/// <c>device.type</c> and <c>device.user_agent</c> to mobile, tablet, desktop or bot.
/// </summary>
/// <remarks>
/// <para>The seed's rule is a case-sensitive <c>LIKE</c> on the user agent: <c>%Mobile%</c> → Mobile, else
/// <c>%Tablet%</c> → Tablet, else <c>%Bot%</c> → Bot, else Desktop. This keeps its categories and its default
/// (Desktop), with deliberate corrections:</para>
/// <list type="number">
/// <item>Bots are recognised first (bot, crawler, spider, slurp, headless, case-insensitive), since many crawlers
/// announce themselves as mobile browsers (Googlebot's smartphone agent contains "Mobile").</item>
/// <item>An explicit <c>device.type</c> (mobile/phone/smartphone, tablet, desktop/laptop/pc, bot) is used when the
/// user agent is not a bot.</item>
/// <item>Tablets before phones, matching case-insensitively: iPad, Tablet, Kindle, Silk, PlayBook, and Android
/// without "Mobile" (Android tablets omit it) are tablets; Mobile, iPhone, iPod, Android, BlackBerry, Opera Mini,
/// IEMobile and Windows Phone are phones.</item>
/// </list>
/// </remarks>
public static class DeviceCategorizer
{
    // Multi-substring searches, case-insensitive: one pass over the user agent per group instead of one per token.
    private static readonly SearchValues<string> BotTokens = SearchValues.Create(["bot", "crawler", "spider", "slurp", "headless"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> TabletTokens = SearchValues.Create(["ipad", "tablet", "kindle", "silk/", "playbook"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> MobileTokens = SearchValues.Create(
        ["mobile", "iphone", "ipod", "android", "blackberry", "opera mini", "iemobile", "windows phone"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Categorises a device.</summary>
    /// <param name="deviceType">The event's <c>device.type</c>, if any.</param>
    /// <param name="userAgent">The event's <c>device.user_agent</c>, if any.</param>
    /// <returns>The category; <see cref="DeviceCategory.Desktop"/> when nothing identifies the device.</returns>
    public static DeviceCategory Categorize(string? deviceType, string? userAgent) => Categorize(deviceType.AsSpan(), userAgent.AsSpan());

    /// <summary>Categorises a device from the text of its type and user agent (empty when absent).</summary>
    /// <param name="deviceType">The event's <c>device.type</c>; empty when it has none.</param>
    /// <param name="agent">The event's <c>device.user_agent</c>; empty when it has none.</param>
    /// <returns>The category; <see cref="DeviceCategory.Desktop"/> when nothing identifies the device.</returns>
    public static DeviceCategory Categorize(ReadOnlySpan<char> deviceType, ReadOnlySpan<char> agent)
    {
        if (ContainsAny(agent, BotTokens))
        {
            return DeviceCategory.Bot;
        }

        if (FromDeviceType(deviceType) is { } declared)
        {
            return declared;
        }

        if (ContainsAny(agent, TabletTokens)
            || (Contains(agent, "android") && !Contains(agent, "mobile")))
        {
            return DeviceCategory.Tablet;
        }

        return ContainsAny(agent, MobileTokens) ? DeviceCategory.Mobile : DeviceCategory.Desktop;
    }

    /// <summary>Categorises a device from its user agent alone.</summary>
    /// <param name="userAgent">The user agent, if any.</param>
    /// <returns>The category; <see cref="DeviceCategory.Desktop"/> when nothing identifies the device.</returns>
    public static DeviceCategory Categorize(string? userAgent) => Categorize(null, userAgent);

    /// <summary>The lower-case name written to result records: <c>desktop</c>, <c>mobile</c>, <c>tablet</c> or <c>bot</c>.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The wire name.</returns>
    public static string ToWireName(this DeviceCategory category) => category switch
    {
        DeviceCategory.Mobile => "mobile",
        DeviceCategory.Tablet => "tablet",
        DeviceCategory.Bot => "bot",
        _ => "desktop",
    };

    private static DeviceCategory? FromDeviceType(ReadOnlySpan<char> deviceType)
    {
        var type = deviceType.Trim();
        if (type.Equals("mobile", StringComparison.OrdinalIgnoreCase)
            || type.Equals("phone", StringComparison.OrdinalIgnoreCase)
            || type.Equals("smartphone", StringComparison.OrdinalIgnoreCase))
        {
            return DeviceCategory.Mobile;
        }

        if (type.Equals("tablet", StringComparison.OrdinalIgnoreCase))
        {
            return DeviceCategory.Tablet;
        }

        if (type.Equals("desktop", StringComparison.OrdinalIgnoreCase)
            || type.Equals("laptop", StringComparison.OrdinalIgnoreCase)
            || type.Equals("pc", StringComparison.OrdinalIgnoreCase))
        {
            return DeviceCategory.Desktop;
        }

        return type.Equals("bot", StringComparison.OrdinalIgnoreCase) ? DeviceCategory.Bot : null;
    }

    private static bool ContainsAny(ReadOnlySpan<char> text, SearchValues<string> tokens) => text.ContainsAny(tokens);

    private static bool Contains(ReadOnlySpan<char> text, string token) =>
        text.Contains(token, StringComparison.OrdinalIgnoreCase);
}
