namespace Orleans.Analytics.Core.Windows;

/// <summary>The result of offering a record to a window operator.</summary>
/// <param name="Status">What happened to the record.</param>
/// <param name="Reason">For <see cref="EventStatus.TooLate"/>, why, ready for the <c>late_events</c> record; otherwise <see langword="null"/>.</param>
public readonly record struct EventOutcome(EventStatus Status, string? Reason)
{
    /// <summary>The record was added to open windows.</summary>
    public static EventOutcome Accepted => new(EventStatus.Accepted, null);

    /// <summary>The record updated a closed window within the allowed lateness.</summary>
    public static EventOutcome LateWithinLateness => new(EventStatus.LateWithinLateness, null);

    /// <summary>Whether the record was counted in some window.</summary>
    public bool IsCounted => Status != EventStatus.TooLate;
}
