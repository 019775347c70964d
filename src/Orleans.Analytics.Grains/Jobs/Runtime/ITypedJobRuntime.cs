namespace Orleans.Analytics.Jobs;

/// <summary>A keyed job over inputs of type <typeparamref name="T"/>: makes its route in a partition reader.</summary>
internal interface ITypedJobRuntime<T>
{
    IRecordParser<T> Parser { get; }

    /// <summary>The input's event time the topic's watermark follows (this job's event time, or the record timestamp).</summary>
    long EventTimeOf(T value, long recordTimestamp);

    IJobRoute<T> CreateRoute(ReaderSettings settings);
}
