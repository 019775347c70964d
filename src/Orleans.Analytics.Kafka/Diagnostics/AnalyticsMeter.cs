using System.Diagnostics.Metrics;

namespace Orleans.Analytics.Kafka.Diagnostics;

/// <summary>
/// The silo's <c>Orleans.Analytics</c> meter, made by the host's <see cref="IMeterFactory"/> as Orleans makes its
/// own: it lives and is disposed with the silo's services, so the silos of one process (a test cluster) each
/// report their own instruments.
/// </summary>
public sealed class AnalyticsMeter
{
    /// <summary>The meter every Orleans.Analytics instrument belongs to.</summary>
    public const string Name = "Orleans.Analytics";

    public AnalyticsMeter(IMeterFactory meters) => Meter = meters.Create(new MeterOptions(Name));

    public Meter Meter { get; }
}
