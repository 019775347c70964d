namespace Orleans.Analytics.Hosting.Tests;

/// <summary>How the silos of a fault test detect a dead peer.</summary>
internal enum FailureDetection
{
    /// <summary>Nothing under <c>Orleans:ClusterMembership</c> is set: Orleans' own defaults.</summary>
    OrleansDefaults,

    /// <summary>One-second probes, two missed probes, one vote (for speed; each such test has a twin with the defaults).</summary>
    Shortened,
}
