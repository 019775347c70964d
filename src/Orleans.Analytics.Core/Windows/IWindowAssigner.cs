namespace Orleans.Analytics.Core.Windows;

/// <summary>Assigns an event time to the fixed (non-merging) windows that contain it.</summary>
public interface IWindowAssigner
{
    /// <summary>The most windows one event can belong to; the size of the buffer <see cref="AssignWindows"/> needs.</summary>
    int MaxWindowsPerEvent { get; }

    /// <summary>Writes the windows containing <paramref name="eventTime"/> into <paramref name="destination"/>, earliest first.</summary>
    /// <param name="eventTime">The event time in epoch milliseconds.</param>
    /// <param name="destination">A buffer of at least <see cref="MaxWindowsPerEvent"/> elements.</param>
    /// <returns>How many windows were written.</returns>
    int AssignWindows(long eventTime, Span<TimeWindow> destination);
}
