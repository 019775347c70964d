namespace Orleans.Analytics.Topology.Rips;

/// <summary>Sorts entries in filtration order, splitting the work between two threads when allowed.</summary>
internal static class ParallelSort
{
    public static void Sort(Entry[] items, int count, int threads)
    {
        if (threads < 2 || count < 100_000)
        {
            Array.Sort(items, 0, count);
            return;
        }

        int half = count / 2;
        Parallel.Invoke(
            new ParallelOptions { MaxDegreeOfParallelism = 2 },
            () => Array.Sort(items, 0, half),
            () => Array.Sort(items, half, count - half));
        var merged = new Entry[count];
        int i = 0;
        int j = half;
        int o = 0;
        while (i < half && j < count)
        {
            merged[o++] = Entry.Before(items[j], items[i]) ? items[j++] : items[i++];
        }

        while (i < half)
        {
            merged[o++] = items[i++];
        }

        while (j < count)
        {
            merged[o++] = items[j++];
        }

        Array.Copy(merged, items, count);
    }

    public static void SortDescending(Entry[] items, int count, int threads)
    {
        Sort(items, count, threads);
        Array.Reverse(items, 0, count);
    }
}
