namespace Orleans.Analytics.Cli.Commands;

/// <summary>
/// When each replayed record is due, from its event time: the first record at once, later ones after the event time
/// they advance past the first, divided by the speed. A record earlier than one already replayed (out of order) is due
/// at once and does not move the schedule back. Speed 0 means as fast as possible.
/// </summary>
internal sealed class ReplayPacer(double speed)
{
    private long? _first;
    private long _latest;

    public double Speed { get; } = speed >= 0 && double.IsFinite(speed) ? speed : throw new ArgumentOutOfRangeException(nameof(speed), "The speed is a finite number, 0 or more.");

    /// <summary>The time after the start of the replay at which a record with <paramref name="eventTime"/> (epoch ms) is due.</summary>
    public TimeSpan DueAt(long eventTime)
    {
        if (_first is null)
        {
            _first = eventTime;
            _latest = eventTime;
        }
        else
        {
            _latest = Math.Max(_latest, eventTime);
        }

        return Speed == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds((_latest - _first.Value) / Speed);
    }
}
