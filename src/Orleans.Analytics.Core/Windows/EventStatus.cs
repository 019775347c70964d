namespace Orleans.Analytics.Core.Windows;

/// <summary>What a window operator did with a record.</summary>
public enum EventStatus
{
    /// <summary>Added to windows that are still open.</summary>
    Accepted = 0,

    /// <summary>Its window had closed but is within the allowed lateness: the window was updated and will be re-emitted with the next revision.</summary>
    LateWithinLateness = 1,

    /// <summary>Every window it belongs to closed longer ago than the allowed lateness: the caller routes it to <c>late_events</c>.</summary>
    TooLate = 2,
}
