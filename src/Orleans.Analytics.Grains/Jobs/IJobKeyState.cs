using Orleans.Analytics.Core.Windows;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>The state one job keeps for one grouping key; owned by a key grain, one call at a time.</summary>
public interface IJobKeyState
{
    /// <summary>Windows held (open, or closed and within the allowed lateness); the grain stays reachable while any are.</summary>
    int OpenWindows { get; }

    /// <summary>Adds an event; <see cref="EventStatus.TooLate"/> means it goes to <c>late_events</c> with the reason.</summary>
    EventOutcome Add(string key, AnalyticsEvent analyticsEvent);

    /// <summary>Appends the results due at <paramref name="watermark"/>: closed windows, late updates (next revision).</summary>
    void Advance(string key, long watermark, ICollection<JobResult> output);

    /// <summary>The state for grain storage (UTF-8 JSON in the standard jobs).</summary>
    byte[] Save();

    /// <summary>Replaces the state with one from <see cref="Save"/>.</summary>
    void Load(byte[] saved);
}

/// <summary>A record a job emits, and the end of the window it closes (<see cref="long.MinValue"/> for continuous results).</summary>
/// <param name="Record">The record for the job's sink topic.</param>
/// <param name="WindowEnd">The window's end in epoch milliseconds, for the close-latency measurement.</param>
public readonly record struct JobResult(SinkRecord Record, long WindowEnd);
