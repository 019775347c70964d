namespace Orleans.Analytics.Jobs.Tda;

/// <summary>What a source record is to the TDA job.</summary>
internal enum TdaParseStatus
{
    /// <summary>A TDA event; its points join the stream's windows.</summary>
    Accepted,

    /// <summary>Not a TDA event (the seed's filter); skipped and counted.</summary>
    Filtered,

    /// <summary>A TDA event that cannot be used; it goes to the dead-letter topic with the reason.</summary>
    Invalid,
}
