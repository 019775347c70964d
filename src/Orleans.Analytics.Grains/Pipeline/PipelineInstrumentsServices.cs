using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Analytics.Kafka.Diagnostics;

namespace Orleans.Analytics.Pipeline;

/// <summary>Registers the jobs' instruments and the activity their gauges read.</summary>
internal static class PipelineInstrumentsServices
{
    public static IServiceCollection AddPipelineInstruments(this IServiceCollection services)
    {
        services.AddAnalyticsMeter();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JobActivity>();
        services.TryAddSingleton<PipelineInstruments>();
        return services;
    }
}
