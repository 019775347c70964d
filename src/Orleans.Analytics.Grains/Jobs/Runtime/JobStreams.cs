namespace Orleans.Analytics.Jobs;

/// <summary>
/// The Orleans streams partition readers feed key grains through: one namespace, one stream per key grain
/// (<c>job|key</c>, or <c>job|partition:N</c> for a co-partitioned job), subscribed implicitly by <see cref="Keys.KeyGrain"/>.
/// </summary>
internal static class JobStreams
{
    public const string Namespace = "jobs";

    public static StreamId For(string grainKey) => StreamId.Create(Namespace, grainKey);
}
