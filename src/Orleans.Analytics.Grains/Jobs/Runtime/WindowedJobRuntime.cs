using System.Buffers;
using System.Text.Json;
using Orleans.Analytics.Core.Time;
using Orleans.Analytics.Core.Windows;
using Orleans.Analytics.Kafka;

namespace Orleans.Analytics.Jobs;

/// <summary>
/// A keyed job over windows: in the partition reader it folds each mini-batch into one partial aggregate per key
/// and window (the seed's local-global aggregation); in the key grain it merges them into the window operator of
/// <c>Orleans.Analytics.Core</c>, which closes windows at the watermark. Inputs that cannot be folded go on alone:
/// sessions and co-partitioned jobs (their grain needs each event), records that may have been delivered before
/// (a replay after a rewind), and inputs of windows that may already be closed.
/// </summary>
internal sealed class WindowedJobRuntime<T, TAcc, TResult> : JobRuntime, ITypedJobRuntime<T>
{
    private readonly JobSpec<T> _spec;
    private readonly JobWindow _window;
    private readonly IWindowAggregate<T, TAcc, TResult> _aggregate;
    private readonly string _sinkTopic;
    private readonly Action<Utf8JsonWriter, WindowEmission<string, TResult>> _write;
    private readonly Func<WindowEmission<string, TResult>, string> _resultKey;
    private readonly long _lateness;
    private readonly long _reach;

    public WindowedJobRuntime(
        JobSpec<T> spec,
        JobWindow window,
        IWindowAggregate<T, TAcc, TResult> aggregate,
        string sinkTopic,
        Action<Utf8JsonWriter, WindowEmission<string, TResult>> write,
        Func<WindowEmission<string, TResult>, string>? resultKey)
    {
        _spec = spec;
        _window = window;
        _aggregate = aggregate;
        _sinkTopic = sinkTopic;
        _write = write;
        _resultKey = resultKey ?? (static emission => ResultKeys.For(emission.Key, emission.Window));
        _lateness = TimeMath.ToMilliseconds(spec.AllowedLateness);

        // How long after an input its grain may still hold state for it: its window's end (a session's gap, its
        // longest span) plus the lateness.
        var span = window.Sessions is { } sessions
            ? sessions.GapMilliseconds
            : window.Fixed is TumblingWindows tumbling ? tumbling.SizeMilliseconds
            : window.Fixed is SlidingWindows sliding ? sliding.SizeMilliseconds : 0;
        _reach = TimeMath.AddSaturating(span, _lateness);
        SinkTopics = [sinkTopic, spec.Defaults.LateEventsTopic];
    }

    public override string Name => _spec.Name;

    public override string SourceTopic => _spec.Topic;

    public override IReadOnlyList<string> SinkTopics { get; }

    public override string Shape => _window.Description;

    public override object? Parser => _spec.Parser;

    public override Type InputType => typeof(T);

    public override bool CoPartitioned => _spec.CoPartitioned;

    public override IEnumerable<Type> SerializedTypes => [typeof(T), typeof(TAcc)];

    IRecordParser<T> ITypedJobRuntime<T>.Parser => _spec.Parser;

    /// <summary>Whether the reader may fold this job's inputs into partials at all.</summary>
    private bool Foldable => !_spec.CoPartitioned && _window.Fixed is not null;

    public long EventTimeOf(T value, long recordTimestamp) => _spec.EventTime is { } time ? time(value) : recordTimestamp;

    public override IInputGroup CreateInputGroup(IReadOnlyList<JobRuntime> jobs, ReaderSettings settings) => new InputGroup<T>(jobs, settings);

    public IJobRoute<T> CreateRoute(ReaderSettings settings) => new Route(this, settings);

    public override IKeyState CreateKeyState(string grainKey) => new KeyState(this, _spec.CoPartitioned ? null : grainKey);

    private IKeyedWindowOperator<string, T, TAcc, TResult> CreateOperator(int keyCapacity)
    {
        var options = new WindowOperatorOptions { AllowedLateness = _spec.AllowedLateness, InitialKeyCapacity = keyCapacity };
        return _window.Sessions is { } sessions
            ? new KeyedSessionOperator<string, T, TAcc, TResult>(sessions, _aggregate, options)
            : new KeyedWindowOperator<string, T, TAcc, TResult>(_window.Fixed!, _aggregate, options);
    }

    private SinkRecord ToRecord(WindowEmission<string, TResult> emission)
    {
        if (emission.Kind == EmissionKind.Retraction)
        {
            return new SinkRecord(_sinkTopic, _resultKey(emission), null);
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonRecords.WriterOptions))
        {
            json.WriteStartObject();
            _write(json, emission);
            json.WriteNumber("revision", emission.Revision);
            json.WriteEndObject();
        }

        return new SinkRecord(_sinkTopic, _resultKey(emission), buffer.WrittenSpan.ToArray());
    }

    /// <summary>One job's mini-batch in a partition reader.</summary>
    private sealed class Route(WindowedJobRuntime<T, TAcc, TResult> job, ReaderSettings settings) : IJobRoute<T>
    {
        private readonly Dictionary<string, KeyBuffer> _buffers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _grainKeys = new(StringComparer.Ordinal);
        private readonly List<string> _keys = new(4);
        private readonly TimeWindow[] _assigned = new TimeWindow[job._window.Fixed?.MaxWindowsPerEvent ?? 1];
        private readonly bool _fold = settings.PreAggregate && job.Foldable;

        public void Add(T value, ReaderBatch batch)
        {
            if (job._spec.Filter is { } filter && !filter(value))
            {
                return;
            }

            var time = settings.TimeMode == TimeMode.ProcessingTime ? batch.Now : job.EventTimeOf(value, batch.RecordTimestamp);
            _keys.Clear();
            if (job._spec.Key is { } single)
            {
                if (single(value) is { Length: > 0 } key)
                {
                    _keys.Add(key);
                }
            }
            else
            {
                job._spec.Keys!(value, _keys);
            }

            foreach (var key in _keys)
            {
                if (string.IsNullOrEmpty(key))
                {
                    continue;
                }

                var buffer = BufferFor(key, batch.Partition);
                buffer.MaxEventTime = Math.Max(buffer.MaxEventTime, time);
                if (!_fold || batch.IsReplay(batch.Offset) || !Fold(buffer, value, time, batch))
                {
                    // Sized by the key's previous mini-batch: a co-partitioned job sends every input, and growing the
                    // list from empty would copy each input about twice over.
                    (buffer.Inputs ??= new List<KeyedInput<T>>(buffer.LastInputCount)).Add(new KeyedInput<T>(batch.Offset, time, key, value));
                }
            }
        }

        public void Flush(KafkaPartitionOutput output, ReaderBatch batch)
        {
            foreach (var (grainKey, buffer) in _buffers)
            {
                if (buffer.IsEmpty)
                {
                    continue;
                }

                List<WindowPartial<TAcc>>? partials = null;
                if (buffer.Partials.Count > 0)
                {
                    partials = new List<WindowPartial<TAcc>>(buffer.Partials.Count);
                    foreach (var (start, slot) in buffer.Partials)
                    {
                        partials.Add(new WindowPartial<TAcc>(start, slot.End, slot.Accumulator, slot.Count, slot.MaxEventTime));
                    }
                }

                var delivery = new KeyDelivery(
                    batch.Partition, batch.FirstOffset, batch.LastOffset, batch.Epoch,
                    partials is null ? null : new WindowPartials<TAcc>(partials),
                    buffer.Inputs is null ? null : new KeyedInputs<T>(buffer.Inputs));
                output.Emit(JobStreams.For(grainKey), delivery, batch.LastOffset);
                batch.Fed(grainKey, TimeMath.AddSaturating(buffer.MaxEventTime, job._reach));
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

        // Adds the input to the partials of its windows; false (nothing added) when one of them may be purged already.
        private bool Fold(KeyBuffer buffer, T value, long time, ReaderBatch batch)
        {
            var count = job._window.Fixed!.AssignWindows(time, _assigned);
            for (var i = 0; i < count; i++)
            {
                if (TimeMath.AddSaturating(_assigned[i].End, job._lateness) <= batch.WatermarkBound)
                {
                    return false;
                }
            }

            for (var i = 0; i < count; i++)
            {
                var window = _assigned[i];
                if (!buffer.Partials.TryGetValue(window.Start, out var slot))
                {
                    slot = new PartialSlot(window.End, job._aggregate.CreateAccumulator());
                    buffer.Partials[window.Start] = slot;
                }

                slot.Accumulator = job._aggregate.Add(slot.Accumulator, value);
                slot.Count++;
                slot.MaxEventTime = Math.Max(slot.MaxEventTime, time);
            }

            return true;
        }

        private KeyBuffer BufferFor(string key, int partition)
        {
            if (job._spec.CoPartitioned)
            {
                key = PartitionKey(partition);
            }

            if (!_grainKeys.TryGetValue(key, out var grainKey))
            {
                grainKey = GrainKey(job.Name, key);
                if (_grainKeys.Count < 100_000)
                {
                    _grainKeys[key] = grainKey;
                }
            }

            if (!_buffers.TryGetValue(grainKey, out var buffer))
            {
                buffer = new KeyBuffer();
                _buffers[grainKey] = buffer;
            }

            return buffer;
        }

        private sealed class KeyBuffer
        {
            public Dictionary<long, PartialSlot> Partials { get; } = [];

            public List<KeyedInput<T>>? Inputs { get; set; }

            public long MaxEventTime { get; set; } = long.MinValue;

            public bool IsEmpty => Partials.Count == 0 && Inputs is null;

            /// <summary>How many single inputs the last mini-batch held (at least 4).</summary>
            public int LastInputCount { get; private set; } = 4;

            public void Reset()
            {
                Partials.Clear();
                if (Inputs is not null)
                {
                    LastInputCount = Math.Max(4, Inputs.Count);
                }

                Inputs = null;
                MaxEventTime = long.MinValue;
            }
        }

        private sealed class PartialSlot(long end, TAcc accumulator)
        {
            public long End { get; } = end;

            public TAcc Accumulator { get; set; } = accumulator;

            public long Count { get; set; }

            public long MaxEventTime { get; set; } = long.MinValue;
        }
    }

    /// <summary>One key grain's windows (or, co-partitioned, every key of a partition).</summary>
    private sealed class KeyState(WindowedJobRuntime<T, TAcc, TResult> job, string? key) : IKeyState
    {
        private readonly IKeyedWindowOperator<string, T, TAcc, TResult> _windows = job.CreateOperator(key is null ? 256 : 1);
        private readonly List<WindowEmission<string, TResult>> _emissions = [];

        public int Held => _windows.WindowCount;

        public void Apply(KeyDelivery delivery, bool applyPartials, Func<long, bool> isNew, KeyOutput output)
        {
            if (delivery.Inputs is KeyedInputs<T> inputs)
            {
                foreach (var input in inputs.Entries)
                {
                    if (!isNew(input.Offset))
                    {
                        continue;
                    }

                    var outcome = _windows.OnEvent(input.Key, input.EventTime, input.Value);
                    if (outcome.Status == EventStatus.TooLate)
                    {
                        output.Late++;
                        output.Records.Add(LateRecord.Create(job._spec.Defaults.LateEventsTopic, job.Name, input.Key, job.SourceTopic, delivery.Partition, input.Offset, input.EventTime, outcome.Reason!, output.Now));
                    }
                }
            }

            if (applyPartials && delivery.Partials is WindowPartials<TAcc> partials && key is not null && _windows is KeyedWindowOperator<string, T, TAcc, TResult> fixedWindows)
            {
                foreach (var partial in partials.Entries)
                {
                    var outcome = fixedWindows.OnPartial(key, new TimeWindow(partial.Start, partial.End), partial.Accumulator, partial.Count, partial.MaxEventTime);
                    if (outcome.Status == EventStatus.TooLate)
                    {
                        // Readers send an input alone when its window may be closed, so this means a watermark moved
                        // past what the reader knew; the partial's inputs are reported as one late record of its range.
                        output.Late += (int)partial.Count;
                        output.Records.Add(LateRecord.Create(job._spec.Defaults.LateEventsTopic, job.Name, key, job.SourceTopic, delivery.Partition, delivery.FirstOffset, partial.MaxEventTime,
                            $"{partial.Count} pre-aggregated records of offsets {delivery.FirstOffset}..{delivery.LastOffset}: {outcome.Reason}", output.Now));
                    }
                }
            }
        }

        public void Advance(long watermark, KeyOutput output)
        {
            _emissions.Clear();
            _windows.AdvanceWatermark(watermark, _emissions);
            foreach (var emission in _emissions)
            {
                output.Records.Add(job.ToRecord(emission));
                if (emission.Kind == EmissionKind.Retraction)
                {
                    output.Tombstones++;
                }
                else
                {
                    output.Results++;
                    output.ClosedWindowEnds.Add(emission.Window.End);
                }
            }
        }

        public byte[] Save() => JsonSerializer.SerializeToUtf8Bytes(_windows.Snapshot());

        public void Load(byte[] saved)
        {
            var snapshot = JsonSerializer.Deserialize<WindowOperatorSnapshot<string, TAcc>>(saved)
                ?? throw new InvalidOperationException($"The saved state of job {job.Name} is empty.");
            _windows.Restore(snapshot);
        }

        public IReadOnlyList<KeyWindowView> Query()
        {
            var snapshot = _windows.Snapshot();
            var views = new List<KeyWindowView>(snapshot.Windows.Count);
            foreach (var window in snapshot.Windows)
            {
                var emission = new WindowEmission<string, TResult>(window.Key, new TimeWindow(window.Start, window.End), job._aggregate.GetResult(window.Accumulator), window.Revision, EmissionKind.Early);
                var record = job.ToRecord(emission);
                views.Add(new KeyWindowView(window.Key, window.Start, window.End, window.Closed, window.Revision, System.Text.Encoding.UTF8.GetString(record.Value!)));
            }

            return views;
        }
    }
}
