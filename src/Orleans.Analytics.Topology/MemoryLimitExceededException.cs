namespace Orleans.Analytics.Topology;

/// <summary>The estimated memory for a computation exceeds the configured limit; raised before allocating.</summary>
public sealed class MemoryLimitExceededException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public MemoryLimitExceededException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MemoryLimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public MemoryLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from an estimate and a limit.</summary>
    public MemoryLimitExceededException(string what, double estimatedMb, int limitMb)
        : base($"{what} needs an estimated {estimatedMb:F1} MB, above MemoryLimitMb = {limitMb} MB.")
    {
        EstimatedMb = estimatedMb;
        LimitMb = limitMb;
    }

    /// <summary>Estimated size in megabytes.</summary>
    public double EstimatedMb { get; }

    /// <summary>The configured limit in megabytes.</summary>
    public int LimitMb { get; }
}
