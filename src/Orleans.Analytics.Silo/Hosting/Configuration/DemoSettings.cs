namespace Orleans.Analytics.Silo.Hosting;

/// <summary>The <c>Demo</c> section: a generator of realistic events for a first run.</summary>
internal sealed class DemoSettings
{
    public const string Section = "Demo";

    /// <summary>Whether the generator runs; unset means on with the embedded Kafka and off with an external one.</summary>
    public bool? Enabled { get; set; }

    public double EventsPerSecond { get; set; } = 10;
}
