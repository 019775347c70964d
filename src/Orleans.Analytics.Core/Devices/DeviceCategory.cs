namespace Orleans.Analytics.Core.Devices;

/// <summary>The device category of an event (<c>device_category</c>).</summary>
public enum DeviceCategory
{
    /// <summary>A desktop or laptop browser, and anything not recognised. Wire name <c>desktop</c>.</summary>
    Desktop = 0,

    /// <summary>A phone. Wire name <c>mobile</c>.</summary>
    Mobile = 1,

    /// <summary>A tablet. Wire name <c>tablet</c>.</summary>
    Tablet = 2,

    /// <summary>A crawler, spider or other automated client. Wire name <c>bot</c>.</summary>
    Bot = 3,
}
