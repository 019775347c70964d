namespace Orleans.Analytics.Core.Windows;

/// <summary>A superseded emission of one key's session, waiting for the next watermark advance to be retracted.</summary>
/// <param name="Window">The session's window as last emitted; its start names the result key to withdraw.</param>
/// <param name="Revision">The revision the superseded session would have emitted next.</param>
internal readonly record struct PendingRetraction(TimeWindow Window, int Revision);
