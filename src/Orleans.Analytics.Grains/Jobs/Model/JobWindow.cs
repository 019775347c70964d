using Orleans.Analytics.Core.Windows;

namespace Orleans.Analytics.Jobs;

/// <summary>The window a job aggregates in (see <see cref="JobWindows"/>): fixed windows or sessions from <c>Orleans.Analytics.Core</c>.</summary>
public sealed class JobWindow
{
    private JobWindow(IWindowAssigner? fixedWindows, SessionWindows? sessions, string description)
    {
        Fixed = fixedWindows;
        Sessions = sessions;
        Description = description;
    }

    /// <summary>The fixed windows (tumbling or sliding), or null for sessions.</summary>
    public IWindowAssigner? Fixed { get; }

    /// <summary>The session windows, or null for fixed windows.</summary>
    public SessionWindows? Sessions { get; }

    /// <summary>For status pages and logs, e.g. <c>tumbling 00:01:00</c>.</summary>
    public string Description { get; }

    internal static JobWindow Of(IWindowAssigner windows, string description) => new(windows, null, description);

    internal static JobWindow Of(SessionWindows sessions) => new(null, sessions, $"session gap {sessions.Gap}" + (sessions.MaxDuration is { } max ? $", at most {max}" : string.Empty));

    /// <inheritdoc />
    public override string ToString() => Description;
}
