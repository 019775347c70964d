namespace Orleans.Analytics.Core.Watermarks;

/// <summary>A point-in-time view of one partition's watermark, for the pipeline status API.</summary>
/// <param name="Partition">The source partition.</param>
/// <param name="Watermark">Largest event time minus the delay, epoch milliseconds; <see cref="long.MinValue"/> before the first record.</param>
/// <param name="MaxEventTime">Largest event time seen, epoch milliseconds; <see cref="long.MinValue"/> before the first record.</param>
/// <param name="LastActivity">Wall clock of the last record (or of registration), epoch milliseconds.</param>
/// <param name="RecordCount">Records observed.</param>
/// <param name="IsIdle">Whether the partition is idle and so not holding back the job watermark.</param>
public readonly record struct PartitionWatermarkStatus(
    int Partition,
    long Watermark,
    long MaxEventTime,
    long LastActivity,
    long RecordCount,
    bool IsIdle);
