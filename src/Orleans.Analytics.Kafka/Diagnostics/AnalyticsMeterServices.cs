using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Analytics.Kafka.Diagnostics;

/// <summary>Registers the silo's <see cref="AnalyticsMeter"/>.</summary>
public static class AnalyticsMeterServices
{
    /// <summary>Adds the host's meter factory (if not there yet) and the <c>Orleans.Analytics</c> meter made by it.</summary>
    public static IServiceCollection AddAnalyticsMeter(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<AnalyticsMeter>();
        return services;
    }
}
