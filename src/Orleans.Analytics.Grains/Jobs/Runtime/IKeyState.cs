namespace Orleans.Analytics.Jobs;

/// <summary>What one key grain of a job keeps; used by the grain one turn at a time.</summary>
internal interface IKeyState
{
    /// <summary>Windows held (open, or closed and within the allowed lateness), or pending updates: the grain stays reachable while any are.</summary>
    int Held { get; }

    /// <summary>Applies a delivery's inputs whose offsets <paramref name="isNew"/> accepts, and its partials when <paramref name="applyPartials"/>.</summary>
    void Apply(KeyDelivery delivery, bool applyPartials, Func<long, bool> isNew, KeyOutput output);

    /// <summary>Appends what is due at <paramref name="watermark"/>: closed windows, late updates, tombstones.</summary>
    void Advance(long watermark, KeyOutput output);

    /// <summary>The state as UTF-8 JSON for grain storage.</summary>
    byte[] Save();

    /// <summary>Replaces the state with one from <see cref="Save"/>.</summary>
    void Load(byte[] saved);

    /// <summary>The open windows and their partial results, for a live query.</summary>
    IReadOnlyList<KeyWindowView> Query();
}
