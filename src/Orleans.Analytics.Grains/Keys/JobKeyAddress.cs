namespace Orleans.Analytics.Keys;

/// <summary>Where a job's key lives: the key grains that may hold it, or why there are none.</summary>
/// <param name="Job">The job.</param>
/// <param name="Key">The grouping key asked for.</param>
/// <param name="GrainKeys">
/// The key grains to ask, most likely first: <c>job|key</c>, or for a co-partitioned job <c>job|partition:N</c> for
/// the partition Kafka's default partitioner picks, then the others. Empty when <paramref name="Problem"/> says why.
/// </param>
/// <param name="Shape">The job's window (<c>tumbling 00:01:00</c>, <c>session gap ...</c>, <c>continuous</c>).</param>
/// <param name="Sessions">Whether the job's windows are sessions.</param>
/// <param name="Problem">Why the key cannot be queried, or <see cref="JobKeyProblem.None"/>.</param>
/// <param name="Message">What <paramref name="Problem"/> means here, for a person; null without a problem.</param>
internal sealed record JobKeyAddress(string Job, string Key, IReadOnlyList<string> GrainKeys, string Shape, bool Sessions, JobKeyProblem Problem, string? Message)
{
    /// <summary>Whether the job is known and keeps state per key.</summary>
    public bool Found => Problem == JobKeyProblem.None;
}
