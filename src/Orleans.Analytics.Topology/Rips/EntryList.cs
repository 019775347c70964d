namespace Orleans.Analytics.Topology.Rips;

/// <summary>A growable array of entries exposing its backing store.</summary>
internal sealed class EntryList
{
    public EntryList(int capacity)
    {
        Items = new Entry[Math.Max(capacity, 4)];
    }

    public Entry[] Items { get; private set; }

    public int Count { get; private set; }

    public void Add(in Entry e)
    {
        if (Count == Items.Length)
        {
            var bigger = new Entry[Items.Length * 2];
            Array.Copy(Items, bigger, Count);
            Items = bigger;
        }

        Items[Count++] = e;
    }

    public void AddRange(EntryList other)
    {
        if (Count + other.Count > Items.Length)
        {
            var bigger = new Entry[Math.Max(Items.Length * 2, Count + other.Count)];
            Array.Copy(Items, bigger, Count);
            Items = bigger;
        }

        Array.Copy(other.Items, 0, Items, Count, other.Count);
        Count += other.Count;
    }
}
