using Microsoft.Extensions.Options;

namespace Orleans.Analytics.Jobs;

/// <summary>
/// The jobs of this silo, made and defined once: by name for the key grains, by source topic for the partition
/// readers. Every silo of a cluster must run the same jobs under the same names.
/// </summary>
internal sealed class JobCatalog
{
    private readonly Dictionary<string, JobRuntime> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JobRuntime>> _byTopic = new(StringComparer.Ordinal);

    public JobCatalog(IServiceProvider services, StreamJobRegistry registry, IOptions<ProcessingOptions> processing, IOptions<AnalyticsTopics> topics)
        : this(registry.Jobs.Select(r => (r.Name, r.Create(services))), JobDefaults.From(processing.Value, topics.Value))
    {
    }

    public JobCatalog(IEnumerable<(string Name, IStreamJob Job)> jobs, JobDefaults defaults)
    {
        foreach (var (name, job) in jobs)
        {
            var runtime = job.Define(new JobBuilder(name, defaults)).Runtime;
            if (!_byName.TryAdd(runtime.Name, runtime))
            {
                throw new InvalidOperationException($"Two jobs are named '{runtime.Name}'; a job's name must be unique (it names its key grains).");
            }

            if (!_byTopic.TryGetValue(runtime.SourceTopic, out var list))
            {
                _byTopic[runtime.SourceTopic] = list = [];
            }

            list.Add(runtime);
        }
    }

    public IReadOnlyCollection<JobRuntime> Jobs => _byName.Values;

    /// <summary>The topics read, each with its jobs in registration order.</summary>
    public IReadOnlyDictionary<string, List<JobRuntime>> ByTopic => _byTopic;

    public JobRuntime Get(string name) =>
        _byName.TryGetValue(name, out var job) ? job : throw new KeyNotFoundException($"No job is named '{name}'.");

    public bool TryGet(string name, out JobRuntime job) => _byName.TryGetValue(name, out job!);

    /// <summary>Types inside job deliveries that travel between silos as JSON.</summary>
    public IEnumerable<Type> SerializedTypes => _byName.Values.SelectMany(j => j.SerializedTypes).Distinct();
}
