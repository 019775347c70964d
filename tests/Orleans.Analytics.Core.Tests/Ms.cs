namespace Orleans.Analytics.Core.Tests;

/// <summary>Readable epoch-millisecond times for tests.</summary>
internal static class Ms
{
    /// <summary>2024-05-01T12:00:00Z, a minute boundary, as epoch milliseconds.</summary>
    public const long T0 = 1_714_564_800_000;

    public static long Seconds(double seconds) => (long)Math.Round(seconds * 1000);

    public static long At(double secondsAfterT0) => T0 + Seconds(secondsAfterT0);
}
