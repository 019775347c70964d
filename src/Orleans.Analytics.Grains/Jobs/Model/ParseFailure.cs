using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>Why a record could not become a job's input: an error type and a reason naming what was wrong.</summary>
/// <param name="ErrorType"><see cref="KafkaErrorTypes.ParseError"/> (not the format) or <see cref="KafkaErrorTypes.ValidationError"/> (the format, but not a valid input).</param>
/// <param name="Reason">What was wrong, for a person.</param>
public readonly record struct ParseFailure(string ErrorType, string Reason)
{
    /// <summary>The record is not in the expected format.</summary>
    public static ParseFailure Parse(string reason) => new(KafkaErrorTypes.ParseError, reason);

    /// <summary>The record is in the format but not a valid input.</summary>
    public static ParseFailure Validation(string reason) => new(KafkaErrorTypes.ValidationError, reason);
}
