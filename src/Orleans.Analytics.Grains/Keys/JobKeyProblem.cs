namespace Orleans.Analytics.Keys;

/// <summary>Why a job's key cannot be queried.</summary>
internal enum JobKeyProblem
{
    /// <summary>It can.</summary>
    None,

    /// <summary>No job has the name.</summary>
    UnknownJob,

    /// <summary>The job keeps no state per key.</summary>
    Stateless,

    /// <summary>The source topic's partitions are not known yet (the silo is starting).</summary>
    NotReady,
}
