namespace Orleans.Analytics.Topology;

/// <summary>The point cloud is unusable; the message names the offending point, line or value.</summary>
public sealed class PointCloudException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public PointCloudException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PointCloudException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public PointCloudException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
