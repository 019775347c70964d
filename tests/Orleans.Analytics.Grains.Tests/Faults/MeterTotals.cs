using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orleans.Analytics.Grains.Tests.Faults;

/// <summary>
/// Sums the <c>Orleans.Analytics</c> counters a test names, per value of their <c>topic</c> tag, as the silos of the
/// test process record them (what <c>/metrics</c> exports for each silo).
/// </summary>
internal sealed class MeterTotals : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Topic), long> _totals = new();

    public MeterTotals(params string[] instruments)
    {
        var names = instruments.ToHashSet(StringComparer.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Orleans.Analytics" && names.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var topic = string.Empty;
            foreach (var tag in tags)
            {
                if (tag.Key == "topic")
                {
                    topic = tag.Value as string ?? string.Empty;
                }
            }

            _totals.AddOrUpdate((instrument.Name, topic), value, (_, total) => total + value);
        });
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements tagged with <paramref name="topic"/> so far.</summary>
    public long Total(string instrument, string topic) => _totals.GetValueOrDefault((instrument, topic));

    public void Dispose() => _listener.Dispose();
}
