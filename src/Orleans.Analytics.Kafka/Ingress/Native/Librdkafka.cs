using System.Runtime.InteropServices;
using Orleans.Analytics.Kafka.Embedded;

namespace Orleans.Analytics.Kafka.Native;

/// <summary>
/// The part of librdkafka's C API the lean consumer uses, bound to the library Confluent.Kafka loaded (one
/// librdkafka per process). Confluent.Kafka's consumer turns every record into several managed objects and copies
/// its value; reading the records straight from librdkafka's buffers is what keeps ingestion free of per-record
/// garbage. Producers, the admin client and the command line keep using Confluent.Kafka.
/// </summary>
internal static unsafe class Librdkafka
{
    public const int ConsumerType = 1;
    public const int ErrNoError = 0;
    public const int ErrPartitionEof = -191;
    public const int ErrNoOffset = -168;
    public const long OffsetBeginning = -2;
    public const long OffsetEnd = -1;
    public const long OffsetStored = -1000;
    public const long OffsetInvalid = -1001;

    private static readonly Lazy<Api> s_api = new(() => new Api(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static Api Functions => s_api.Value;

    /// <summary>The layout of <c>rd_kafka_message_t</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Message
    {
        public int Err;
        public IntPtr Topic;
        public int Partition;
        public byte* Payload;
        public nuint Length;
        public byte* Key;
        public nuint KeyLength;
        public long Offset;
        public IntPtr Private;
    }

    /// <summary>The layout of <c>rd_kafka_topic_partition_t</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TopicPartition
    {
        public byte* Topic;
        public int Partition;
        public long Offset;
        public byte* Metadata;
        public nuint MetadataSize;
        public IntPtr Opaque;
        public int Err;
        public IntPtr Private;
    }

    /// <summary>The layout of <c>rd_kafka_topic_partition_list_t</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TopicPartitionList
    {
        public int Count;
        public int Size;
        public TopicPartition* Elements;
    }

    public static string ErrorText(int err) => Marshal.PtrToStringUTF8((IntPtr)Functions.Err2Str(err)) ?? $"error {err}";

    public static string? Utf8(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((IntPtr)text);

    /// <summary>The entry points, resolved once.</summary>
    internal sealed class Api
    {
        public readonly delegate* unmanaged<IntPtr> ConfNew;
        public readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int> ConfSet;
        public readonly delegate* unmanaged<IntPtr, void> ConfDestroy;
        public readonly delegate* unmanaged<IntPtr, IntPtr, void> ConfSetOpaque;
        public readonly delegate* unmanaged<IntPtr, delegate* unmanaged<IntPtr, int, byte*, IntPtr, void>, void> ConfSetErrorCb;
        public readonly delegate* unmanaged<IntPtr, delegate* unmanaged<IntPtr, int, byte*, byte*, void>, void> ConfSetLogCb;
        public readonly delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr> New;
        public readonly delegate* unmanaged<IntPtr, void> Destroy;
        public readonly delegate* unmanaged<IntPtr, IntPtr> Opaque;
        public readonly delegate* unmanaged<IntPtr, byte*> Name;
        public readonly delegate* unmanaged<IntPtr, int, int> Poll;
        public readonly delegate* unmanaged<IntPtr, int, Message*> ConsumerPoll;
        public readonly delegate* unmanaged<IntPtr, int> ConsumerClose;
        public readonly delegate* unmanaged<IntPtr, int> PollSetConsumer;
        public readonly delegate* unmanaged<IntPtr, byte*, int, IntPtr> QueueGetPartition;
        public readonly delegate* unmanaged<IntPtr, IntPtr, void> QueueForward;
        public readonly delegate* unmanaged<IntPtr, void> QueueDestroy;
        public readonly delegate* unmanaged<IntPtr, nuint> QueueLength;
        public readonly delegate* unmanaged<IntPtr, int, Message**, nuint, nint> ConsumeBatchQueue;
        public readonly delegate* unmanaged<Message*, void> MessageDestroy;
        public readonly delegate* unmanaged<Message*, int*, long> MessageTimestamp;
        public readonly delegate* unmanaged<int, TopicPartitionList*> ListNew;
        public readonly delegate* unmanaged<TopicPartitionList*, byte*, int, TopicPartition*> ListAdd;
        public readonly delegate* unmanaged<TopicPartitionList*, void> ListDestroy;
        public readonly delegate* unmanaged<IntPtr, TopicPartitionList*, IntPtr> IncrementalAssign;
        public readonly delegate* unmanaged<IntPtr, TopicPartitionList*, IntPtr> IncrementalUnassign;
        public readonly delegate* unmanaged<IntPtr, TopicPartitionList*, int, IntPtr> SeekPartitions;
        public readonly delegate* unmanaged<IntPtr, TopicPartitionList*, int> PausePartitions;
        public readonly delegate* unmanaged<IntPtr, TopicPartitionList*, int> ResumePartitions;
        public readonly delegate* unmanaged<IntPtr, TopicPartitionList*, int, int> Commit;
        public readonly delegate* unmanaged<IntPtr, TopicPartitionList*, int, int> Committed;
        public readonly delegate* unmanaged<IntPtr, byte*, int, long*, long*, int> GetWatermarkOffsets;
        public readonly delegate* unmanaged<IntPtr, byte*, int, long*, long*, int, int> QueryWatermarkOffsets;
        public readonly delegate* unmanaged<int, byte*> Err2Str;
        public readonly delegate* unmanaged<IntPtr, byte*> ErrorString;
        public readonly delegate* unmanaged<IntPtr, void> ErrorDestroy;

        public Api()
        {
            var handle = NativeLibrary.Load(NativeKafka.LoadedLibraryPath);
            IntPtr Get(string name) => NativeLibrary.GetExport(handle, name);
            ConfNew = (delegate* unmanaged<IntPtr>)Get("rd_kafka_conf_new");
            ConfSet = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int>)Get("rd_kafka_conf_set");
            ConfDestroy = (delegate* unmanaged<IntPtr, void>)Get("rd_kafka_conf_destroy");
            ConfSetOpaque = (delegate* unmanaged<IntPtr, IntPtr, void>)Get("rd_kafka_conf_set_opaque");
            ConfSetErrorCb = (delegate* unmanaged<IntPtr, delegate* unmanaged<IntPtr, int, byte*, IntPtr, void>, void>)Get("rd_kafka_conf_set_error_cb");
            ConfSetLogCb = (delegate* unmanaged<IntPtr, delegate* unmanaged<IntPtr, int, byte*, byte*, void>, void>)Get("rd_kafka_conf_set_log_cb");
            New = (delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr>)Get("rd_kafka_new");
            Destroy = (delegate* unmanaged<IntPtr, void>)Get("rd_kafka_destroy");
            Opaque = (delegate* unmanaged<IntPtr, IntPtr>)Get("rd_kafka_opaque");
            Name = (delegate* unmanaged<IntPtr, byte*>)Get("rd_kafka_name");
            Poll = (delegate* unmanaged<IntPtr, int, int>)Get("rd_kafka_poll");
            ConsumerPoll = (delegate* unmanaged<IntPtr, int, Message*>)Get("rd_kafka_consumer_poll");
            ConsumerClose = (delegate* unmanaged<IntPtr, int>)Get("rd_kafka_consumer_close");
            PollSetConsumer = (delegate* unmanaged<IntPtr, int>)Get("rd_kafka_poll_set_consumer");
            QueueGetPartition = (delegate* unmanaged<IntPtr, byte*, int, IntPtr>)Get("rd_kafka_queue_get_partition");
            QueueForward = (delegate* unmanaged<IntPtr, IntPtr, void>)Get("rd_kafka_queue_forward");
            QueueDestroy = (delegate* unmanaged<IntPtr, void>)Get("rd_kafka_queue_destroy");
            QueueLength = (delegate* unmanaged<IntPtr, nuint>)Get("rd_kafka_queue_length");
            ConsumeBatchQueue = (delegate* unmanaged<IntPtr, int, Message**, nuint, nint>)Get("rd_kafka_consume_batch_queue");
            MessageDestroy = (delegate* unmanaged<Message*, void>)Get("rd_kafka_message_destroy");
            MessageTimestamp = (delegate* unmanaged<Message*, int*, long>)Get("rd_kafka_message_timestamp");
            ListNew = (delegate* unmanaged<int, TopicPartitionList*>)Get("rd_kafka_topic_partition_list_new");
            ListAdd = (delegate* unmanaged<TopicPartitionList*, byte*, int, TopicPartition*>)Get("rd_kafka_topic_partition_list_add");
            ListDestroy = (delegate* unmanaged<TopicPartitionList*, void>)Get("rd_kafka_topic_partition_list_destroy");
            IncrementalAssign = (delegate* unmanaged<IntPtr, TopicPartitionList*, IntPtr>)Get("rd_kafka_incremental_assign");
            IncrementalUnassign = (delegate* unmanaged<IntPtr, TopicPartitionList*, IntPtr>)Get("rd_kafka_incremental_unassign");
            SeekPartitions = (delegate* unmanaged<IntPtr, TopicPartitionList*, int, IntPtr>)Get("rd_kafka_seek_partitions");
            PausePartitions = (delegate* unmanaged<IntPtr, TopicPartitionList*, int>)Get("rd_kafka_pause_partitions");
            ResumePartitions = (delegate* unmanaged<IntPtr, TopicPartitionList*, int>)Get("rd_kafka_resume_partitions");
            Commit = (delegate* unmanaged<IntPtr, TopicPartitionList*, int, int>)Get("rd_kafka_commit");
            Committed = (delegate* unmanaged<IntPtr, TopicPartitionList*, int, int>)Get("rd_kafka_committed");
            GetWatermarkOffsets = (delegate* unmanaged<IntPtr, byte*, int, long*, long*, int>)Get("rd_kafka_get_watermark_offsets");
            QueryWatermarkOffsets = (delegate* unmanaged<IntPtr, byte*, int, long*, long*, int, int>)Get("rd_kafka_query_watermark_offsets");
            Err2Str = (delegate* unmanaged<int, byte*>)Get("rd_kafka_err2str");
            ErrorString = (delegate* unmanaged<IntPtr, byte*>)Get("rd_kafka_error_string");
            ErrorDestroy = (delegate* unmanaged<IntPtr, void>)Get("rd_kafka_error_destroy");
        }
    }
}
