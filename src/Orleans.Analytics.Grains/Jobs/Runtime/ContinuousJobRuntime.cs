using System.Buffers;
using System.Text.Json;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Windows;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>
/// A keyed job with one running aggregate per key (no window): readers fold each mini-batch into one partial per key,
/// key grains merge it and emit the result under the key whenever it changed and the watermark moved.
/// </summary>
internal sealed class ContinuousJobRuntime<T, TAcc, TResult> : JobRuntime, ITypedJobRuntime<T>
{
    private readonly JobSpec<T> spec;
    private readonly IWindowAggregate<T, TAcc, TResult> aggregate;
    private readonly string sinkTopic;
    private readonly Action<Utf8JsonWriter, ContinuousEmission<TResult>> write;

    public ContinuousJobRuntime(JobSpec<T> spec, IWindowAggregate<T, TAcc, TResult> aggregate, string sinkTopic, Action<Utf8JsonWriter, ContinuousEmission<TResult>> write)
    {
        this.spec = spec;
        this.aggregate = aggregate;
        this.sinkTopic = sinkTopic;
        this.write = write;
        SinkTopics = [sinkTopic];
    }

    public override string Name => spec.Name;

    public override string SourceTopic => spec.Topic;

    public override IReadOnlyList<string> SinkTopics { get; }

    public override string Shape => "continuous";

    public override object? Parser => spec.Parser;

    public override Type InputType => typeof(T);

    public override bool CoPartitioned => spec.CoPartitioned;

    public override IEnumerable<Type> SerializedTypes => [typeof(T), typeof(TAcc)];

    IRecordParser<T> ITypedJobRuntime<T>.Parser => spec.Parser;

    public long EventTimeOf(T value, long recordTimestamp) => spec.EventTime is { } time ? time(value) : recordTimestamp;

    public override IInputGroup CreateInputGroup(IReadOnlyList<JobRuntime> jobs, ReaderSettings settings) => new InputGroup<T>(jobs, settings);

    public IJobRoute<T> CreateRoute(ReaderSettings settings) => new Route(this, settings);

    public override IKeyState CreateKeyState(string grainKey) => new KeyState(this, spec.CoPartitioned ? null : grainKey);

    private sealed class Route(ContinuousJobRuntime<T, TAcc, TResult> job, ReaderSettings settings) : IJobRoute<T>
    {
        private readonly Dictionary<string, Buffer> _buffers = new(StringComparer.Ordinal);
        private readonly List<string> _keys = new(4);
        private readonly GrainKeys _grainKeys = new(job.Name, job.spec.CoPartitioned);

        public void Add(T value, ReaderBatch batch)
        {
            if (job.Filter(value))
            {
                return;
            }

            _keys.Clear();
            if (job.spec.Key is { } single)
            {
                if (single(value) is { Length: > 0 } key)
                {
                    _keys.Add(key);
                }
            }
            else
            {
                job.spec.Keys?.Invoke(value, _keys);
            }

            var time = settings.TimeMode == TimeMode.ProcessingTime ? batch.Now : job.EventTimeOf(value, batch.RecordTimestamp);
            foreach (var key in _keys)
            {
                if (string.IsNullOrEmpty(key))
                {
                    continue;
                }

                var grainKey = _grainKeys.For(key, batch.Partition);
                if (!_buffers.TryGetValue(grainKey, out var buffer))
                {
                    buffer = new Buffer();
                    _buffers[grainKey] = buffer;
                }

                if (!settings.PreAggregate || job.spec.CoPartitioned || batch.IsReplay(batch.Offset))
                {
                    (buffer.Inputs ??= []).Add(new KeyedInput<T>(batch.Offset, time, key, value));
                    continue;
                }

                buffer.Partial = job.aggregate.Add(buffer.Count == 0 ? job.aggregate.CreateAccumulator() : buffer.Partial!, value);
                buffer.Count++;
                buffer.MaxEventTime = Math.Max(buffer.MaxEventTime, time);
            }
        }

        public void Flush(KafkaPartitionOutput output, ReaderBatch batch)
        {
            foreach (var (grainKey, buffer) in _buffers)
            {
                if (buffer.Count == 0 && buffer.Inputs is null)
                {
                    continue;
                }

                var partials = buffer.Count == 0 ? null : new WindowPartials<TAcc>([new WindowPartial<TAcc>(long.MinValue, long.MaxValue, buffer.Partial!, buffer.Count, buffer.MaxEventTime)]);
                var inputs = buffer.Inputs is null ? null : new KeyedInputs<T>(buffer.Inputs);
                output.Emit(JobStreams.For(grainKey), new KeyDelivery(batch.Partition, batch.FirstOffset, batch.LastOffset, batch.Epoch, partials, inputs), batch.LastOffset);

                // The grain holds an update until the watermark has moved past it once.
                batch.Fed(grainKey, TimeMath.AddSaturating(batch.WatermarkTime ?? batch.Now, 60_000));
                buffer.Reset();
            }
        }

        public void Clear()
        {
            foreach (var buffer in _buffers.Values)
            {
                buffer.Reset();
            }
        }

        private sealed class Buffer
        {
            public TAcc? Partial { get; set; }

            public long Count { get; set; }

            public long MaxEventTime { get; set; } = long.MinValue;

            public List<KeyedInput<T>>? Inputs { get; set; }

            public void Reset()
            {
                Partial = default;
                Count = 0;
                MaxEventTime = long.MinValue;
                Inputs = null;
            }
        }
    }

    private bool Filter(T value) => spec.Filter is { } filter && !filter(value);

    private SinkRecord ToRecord(string key, TResult result, long watermark)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, JsonRecords.WriterOptions))
        {
            json.WriteStartObject();
            write(json, new ContinuousEmission<TResult>(key, result, watermark));
            json.WriteEndObject();
        }

        return new SinkRecord(sinkTopic, key, buffer.WrittenSpan.ToArray());
    }

    /// <summary>The running aggregates of one key grain (every key of a partition when co-partitioned).</summary>
    private sealed class KeyState(ContinuousJobRuntime<T, TAcc, TResult> job, string? key) : IKeyState
    {
        private Dictionary<string, Running> _keys = new(StringComparer.Ordinal);
        private int _changed;

        public int Held => _changed;

        public void Apply(KeyDelivery delivery, bool applyPartials, Func<long, bool> isNew, KeyOutput output)
        {
            if (delivery.Inputs is KeyedInputs<T> inputs)
            {
                foreach (var input in inputs.Entries)
                {
                    if (isNew(input.Offset))
                    {
                        var running = Get(input.Key);
                        running.Accumulator = job.aggregate.Add(running.Accumulator, input.Value);
                        MarkChanged(running);
                    }
                }
            }

            if (applyPartials && delivery.Partials is WindowPartials<TAcc> partials)
            {
                // A continuous job's grain is one key (co-partitioned jobs get inputs only).
                foreach (var partial in partials.Entries)
                {
                    var running = Get(key ?? throw new InvalidOperationException($"A partial reached a {job.Name} grain of a partition."));
                    running.Accumulator = job.aggregate.Merge(running.Accumulator, partial.Accumulator);
                    MarkChanged(running);
                }
            }
        }

        public void Advance(long watermark, KeyOutput output)
        {
            foreach (var (key, running) in _keys)
            {
                if (watermark > running.MaxWatermark)
                {
                    running.MaxWatermark = watermark;
                }

                if (running.Changed && running.MaxWatermark != long.MinValue)
                {
                    running.Changed = false;
                    _changed--;
                    output.Records.Add(job.ToRecord(key, job.aggregate.GetResult(running.Accumulator), running.MaxWatermark));
                    output.Results++;
                }
            }
        }

        public byte[] Save() => JsonSerializer.SerializeToUtf8Bytes(_keys);

        public void Load(byte[] saved)
        {
            _keys = JsonSerializer.Deserialize<Dictionary<string, Running>>(saved) ?? new(StringComparer.Ordinal);
            _changed = _keys.Values.Count(r => r.Changed);
        }

        public IReadOnlyList<KeyWindowView> Query() =>
        [
            .. _keys.Select(k => new KeyWindowView(k.Key, long.MinValue, long.MaxValue, false, 0,
                System.Text.Encoding.UTF8.GetString(job.ToRecord(k.Key, job.aggregate.GetResult(k.Value.Accumulator), k.Value.MaxWatermark).Value!))),
        ];

        private Running Get(string key)
        {
            if (!_keys.TryGetValue(key, out var running))
            {
                running = new Running { Accumulator = job.aggregate.CreateAccumulator() };
                _keys[key] = running;
            }

            return running;
        }

        private void MarkChanged(Running running)
        {
            if (!running.Changed)
            {
                running.Changed = true;
                _changed++;
            }
        }
    }

    /// <summary>A key's running aggregate, as stored.</summary>
    private sealed class Running
    {
        public TAcc Accumulator { get; set; } = default!;

        public long MaxWatermark { get; set; } = long.MinValue;

        public bool Changed { get; set; }
    }
}
