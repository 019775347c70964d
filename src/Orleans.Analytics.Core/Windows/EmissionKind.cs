namespace Orleans.Analytics.Core.Windows;

/// <summary>Why a window result was emitted.</summary>
public enum EmissionKind
{
    /// <summary>The watermark passed the window's end.</summary>
    OnTime = 0,

    /// <summary>Records arrived after the window closed, within the allowed lateness.</summary>
    Late = 1,

    /// <summary>A <see cref="CountTrigger"/> fired before the window closed.</summary>
    Early = 2,

    /// <summary>
    /// A session emitted earlier was superseded: a late or out-of-order record merged it into another session or
    /// moved its start earlier, so the result key of its last emission no longer names a live session. The
    /// emission carries that window as last emitted and no result; a sink writes it as a tombstone for that key.
    /// </summary>
    Retraction = 3,
}
