namespace Orleans.Analytics.Pipeline;

/// <summary>
/// Holds each silo's latest pipeline report in memory. Nothing here needs to be durable: silos report every few
/// seconds, so a new activation is complete again after one round.
/// </summary>
[GrainType("pipeline-status")]
internal sealed class PipelineStatusGrain : Grain, IPipelineStatusGrain
{
    private readonly Dictionary<string, SiloPipelineReport> _reports = new(StringComparer.Ordinal);

    public Task ReportAsync(SiloPipelineReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _reports[report.Silo] = report;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SiloPipelineReport>> GetReportsAsync() =>
        Task.FromResult<IReadOnlyList<SiloPipelineReport>>([.. _reports.Values]);
}
