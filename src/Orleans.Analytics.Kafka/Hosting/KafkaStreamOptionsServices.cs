using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orleans.Analytics.Kafka;

/// <summary>How a provider's <see cref="KafkaStreamOptions"/> are registered: validated at start by the one validator.</summary>
internal static class KafkaStreamOptionsServices
{
    /// <summary>
    /// Registers the options of provider <paramref name="name"/>, checked at start (<c>ValidateOnStart</c>) by
    /// <see cref="KafkaStreamOptionsValidator"/>, which names each bad key under the section <paramref name="section"/>
    /// returns (asked when the container makes the validator, so that a later <c>BindConfiguration</c> is reflected).
    /// </summary>
    public static OptionsBuilder<KafkaStreamOptions> AddKafkaStreamOptions(this IServiceCollection services, string name, Func<string> section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddSingleton<IValidateOptions<KafkaStreamOptions>>(_ => new KafkaStreamOptionsValidator(name, section()));
        return services.AddOptions<KafkaStreamOptions>(name).ValidateOnStart();
    }
}
