namespace Orleans.Analytics.Hosting.Tests;

/// <summary>Times from a fault to the victim declared dead, to all partitions read by the survivor, and to new results.</summary>
internal sealed record RecoveryTimes(TimeSpan DeclaredDead, TimeSpan PartitionsTakenOver, TimeSpan ResultsFlowing)
{
    public override string ToString() =>
        $"declared dead after {DeclaredDead.TotalSeconds:F1} s, all partitions read by the survivor after {PartitionsTakenOver.TotalSeconds:F1} s, new results after {ResultsFlowing.TotalSeconds:F1} s";
}
