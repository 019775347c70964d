using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// The silo's console log format: one JSON object per line (<c>Logging:Format=Json</c>) or one text line, with
/// secrets masked by <see cref="LogRedactor"/> in the message, the exception and every structured value.
/// </summary>
internal sealed class RedactingConsoleFormatter(LogRedactor redactor, bool json, TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "orleans-analytics";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        message = redactor.Redact(message ?? string.Empty);
        var exception = logEntry.Exception is null ? null : redactor.Redact(Text(logEntry.Exception));
        var now = time.GetUtcNow();
        if (!json)
        {
            textWriter.Write($"{now:yyyy-MM-ddTHH:mm:ss.fffZ} {Level(logEntry.LogLevel),-5} {logEntry.Category}: {message}");
            textWriter.Write(Environment.NewLine);
            if (exception is not null)
            {
                textWriter.Write(exception);
                textWriter.Write(Environment.NewLine);
            }

            return;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", now);
            writer.WriteString("level", logEntry.LogLevel.ToString());
            writer.WriteString("category", logEntry.Category);
            writer.WriteNumber("eventId", logEntry.EventId.Id);
            writer.WriteString("message", message);
            if (exception is not null)
            {
                writer.WriteString("exception", exception);
            }

            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> values && values.Count > 0)
            {
                writer.WriteStartObject("state");
                foreach (var (key, value) in values)
                {
                    if (key == "{OriginalFormat}")
                    {
                        continue;
                    }

                    WriteValue(writer, key, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write(Environment.NewLine);
    }

    private void WriteValue(Utf8JsonWriter writer, string key, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(key);
                break;
            case bool b:
                writer.WriteBoolean(key, b);
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                writer.WriteNumber(key, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case double or float or decimal when double.IsFinite(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)):
                writer.WriteNumber(key, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteString(key, redactor.Redact(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
                break;
        }
    }

    /// <summary>
    /// An exception as text. A failure whose message says what to fix (Kafka not usable as configured, bad
    /// configuration) shows without its stack trace: Orleans and the host log it several times on the way out, and
    /// the trace would bury the message.
    /// </summary>
    private static string Text(Exception exception) =>
        exception is Kafka.KafkaSetupException or SiloConfigurationException or OptionsValidationException
            ? $"{exception.GetType().FullName}: {exception.Message}"
            : exception.ToString();

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
