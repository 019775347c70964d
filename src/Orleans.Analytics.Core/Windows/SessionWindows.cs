using Orleans.Analytics.Core.Time;

namespace Orleans.Analytics.Core.Windows;

/// <summary>
/// Per-key activity sessions: a session starts at an event, lasts until <c>gap</c> after its last event,
/// merges with another session when an event bridges them, and is cut at a maximum duration.
/// </summary>
/// <remarks>
/// <para>As in Flink SQL's <c>SESSION(…, gap)</c>, a session is <c>[first event, last event + gap)</c> and two
/// sessions merge when an event bridges them. One deliberate difference at the boundary: Flink also merges
/// windows that merely touch, so events exactly <c>gap</c> apart share a session there; here windows are half-open
/// throughout, so only overlapping sessions merge and an event exactly at a session's end starts a new session
/// (events less than <c>gap</c> apart share a session). This is what makes closing a session when the watermark
/// reaches its end safe: under Flink's rule an on-time event at the end could still have extended it.</para>
/// <para>Flink has no maximum duration; here a session never spans <see cref="MaxDuration"/> or more: its end is
/// <c>min(last event + gap, start + MaxDuration)</c> and an event at or after <c>start + MaxDuration</c> starts a
/// new session. When an out-of-order event bridges sessions whose union would be too long, it joins the earliest
/// one it fits in (or starts its own) and the sessions stay apart; sessions are never split afterwards.</para>
/// </remarks>
public sealed class SessionWindows
{
    /// <summary>Creates a session definition.</summary>
    /// <param name="gap">The inactivity that ends a session; at least 1 ms (<c>Processing:SessionGap</c>, default 30 min in the jobs).</param>
    /// <param name="maxDuration">The longest a session may span; <see langword="null"/> (the default) for no limit.</param>
    /// <exception cref="ArgumentOutOfRangeException">The gap or the maximum duration is not at least 1 ms.</exception>
    public SessionWindows(TimeSpan gap, TimeSpan? maxDuration = null)
    {
        GapMilliseconds = (long)gap.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(GapMilliseconds, 1, nameof(gap));
        Gap = gap;
        MaxDuration = maxDuration;
        MaxDurationMilliseconds = maxDuration is { } max ? TimeMath.ToMilliseconds(max) : long.MaxValue;
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDurationMilliseconds, 1, nameof(maxDuration));
    }

    /// <summary>The inactivity gap that ends a session.</summary>
    public TimeSpan Gap { get; }

    /// <summary>The longest a session may span, or <see langword="null"/> for no limit.</summary>
    public TimeSpan? MaxDuration { get; }

    /// <summary>The gap in milliseconds.</summary>
    public long GapMilliseconds { get; }

    /// <summary>The maximum duration in milliseconds; <see cref="long.MaxValue"/> when unlimited.</summary>
    public long MaxDurationMilliseconds { get; }

    /// <summary>The end of a session that starts at <paramref name="start"/> and whose latest event is at <paramref name="lastEvent"/>.</summary>
    /// <param name="start">The session's earliest event time.</param>
    /// <param name="lastEvent">The session's latest event time.</param>
    /// <returns><c>min(lastEvent + gap, start + maxDuration)</c>.</returns>
    public long EndFor(long start, long lastEvent) =>
        Math.Min(TimeMath.AddSaturating(lastEvent, GapMilliseconds), TimeMath.AddSaturating(start, MaxDurationMilliseconds));

    /// <summary>Whether events from <paramref name="start"/> to <paramref name="lastEvent"/> fit in one session.</summary>
    /// <param name="start">The earliest event time.</param>
    /// <param name="lastEvent">The latest event time.</param>
    /// <returns><see langword="true"/> when the span is below the maximum duration.</returns>
    public bool Fits(long start, long lastEvent) => TimeMath.SubtractSaturating(lastEvent, start) < MaxDurationMilliseconds;
}
