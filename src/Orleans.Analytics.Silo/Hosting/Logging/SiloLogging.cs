using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// Console logs as text (the default) or one JSON object per line (<c>Logging:Format=Json</c>, for log
/// collectors), with secrets masked (<see cref="LogRedactor"/>; more patterns in <c>Logging:Redaction:Patterns</c>).
/// </summary>
internal static class SiloLogging
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var format = builder.Configuration["Logging:Format"] is { Length: > 0 } f ? f : "Text";
        var patterns = builder.Configuration.GetSection("Logging:Redaction:Patterns").Get<string[]>() ?? [];
        var problems = new List<string>();
        var json = string.Equals(format, "Json", StringComparison.OrdinalIgnoreCase);
        if (!json && !string.Equals(format, "Text", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Logging:Format is '{format}'; allowed: Text, Json.");
        }

        problems.AddRange(LogRedactor.Validate(patterns));
        if (problems.Count > 0)
        {
            throw new SiloConfigurationException(problems);
        }

        var formatter = new RedactingConsoleFormatter(new LogRedactor(patterns, LogRedactor.SecretValues(builder.Configuration)), json, TimeProvider.System);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter>(formatter));
        builder.Logging.AddConsole(options => options.FormatterName = RedactingConsoleFormatter.FormatterName);
    }
}
