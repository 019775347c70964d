using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orleans.Analytics.Jobs;

/// <summary>The jobs a silo runs; adding a job is one line, which also binds and validates its options.</summary>
public sealed class StreamJobRegistry
{
    private readonly IServiceCollection _services;
    private readonly List<JobRegistration> _jobs = [];

    internal StreamJobRegistry(IServiceCollection services) => _services = services;

    internal IReadOnlyList<JobRegistration> Jobs => _jobs;

    /// <summary>
    /// Adds <typeparamref name="TJob"/>, made with <typeparamref name="TOptions"/> bound from <paramref name="section"/>
    /// (and any other constructor parameter from the silo's services). Its name defaults to the section's last part in
    /// kebab case (<c>Jobs:OrdersPerRegion</c>: <c>orders-per-region</c>) unless the job names itself.
    /// </summary>
    public StreamJobRegistry Add<TJob, TOptions>(string section)
        where TJob : class, IStreamJob
        where TOptions : class, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        _services.AddOptions<TOptions>(section).BindConfiguration(section).ValidateOnStart();
        if (typeof(IJobOptions).IsAssignableFrom(typeof(TOptions)))
        {
            _services.AddSingleton<IValidateOptions<TOptions>>(new JobOptionsValidator<TOptions>(section));
        }

        _jobs.Add(new JobRegistration(
            NameOf(section),
            services => ActivatorUtilities.CreateInstance<TJob>(services, services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(section))));
        return this;
    }

    /// <summary>Adds <typeparamref name="TJob"/>, made from the silo's services; named after its type unless it names itself.</summary>
    public StreamJobRegistry Add<TJob>()
        where TJob : class, IStreamJob
    {
        var name = typeof(TJob).Name;
        _jobs.Add(new JobRegistration(NameOf(name.EndsWith("Job", StringComparison.Ordinal) ? name[..^3] : name), services => ActivatorUtilities.CreateInstance<TJob>(services)));
        return this;
    }

    /// <summary>Adds a job instance (tests, jobs built in code).</summary>
    public StreamJobRegistry Add(IStreamJob job, string name)
    {
        ArgumentNullException.ThrowIfNull(job);
        _jobs.Add(new JobRegistration(name, _ => job));
        return this;
    }

    /// <summary><c>Jobs:OrdersPerRegion</c> → <c>orders-per-region</c>.</summary>
    internal static string NameOf(string section)
    {
        var leaf = section[(section.LastIndexOf(':') + 1)..];
        var name = new StringBuilder(leaf.Length + 4);
        for (var i = 0; i < leaf.Length; i++)
        {
            var c = leaf[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(leaf[i - 1]))
            {
                name.Append('-');
            }

            name.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        }

        return name.ToString();
    }
}

/// <summary>A registered job: its default name and how it is made.</summary>
internal sealed record JobRegistration(string Name, Func<IServiceProvider, IStreamJob> Create);

/// <summary>Runs a job's own checks of its options.</summary>
internal sealed class JobOptionsValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (name != section || options is not IJobOptions checkable)
        {
            return ValidateOptionsResult.Skip;
        }

        var problems = checkable.Validate(section).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
