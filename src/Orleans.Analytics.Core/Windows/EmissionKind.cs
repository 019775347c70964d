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
}
