namespace Orleans.Analytics.Kafka;

/// <summary>Kafka is not set up as the provider needs (unreachable, a topic missing or refused); the message says what and where.</summary>
public sealed class KafkaSetupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KafkaSetupException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KafkaSetupException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public KafkaSetupException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
