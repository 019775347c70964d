namespace Orleans.Analytics.Core.Tests;

/// <summary>A wall clock that moves only when a test moves it.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now;

    public ManualTimeProvider(DateTimeOffset start) => _now = start;

    public ManualTimeProvider(long epochMilliseconds)
        : this(DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds))
    {
    }

    public long NowMilliseconds => _now.ToUnixTimeMilliseconds();

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The clock does not go backwards.");
        }

        _now += by;
    }
}
