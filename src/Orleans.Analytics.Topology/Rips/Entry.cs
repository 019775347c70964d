using System.Runtime.CompilerServices;

namespace Orleans.Analytics.Topology.Rips;

/// <summary>A simplex as (diameter, combinatorial index). Filtration order: smaller diameter first,
/// then larger index first.</summary>
internal readonly struct Entry : IComparable<Entry>
{
    public readonly double Diameter;
    public readonly long Index;

    public Entry(double diameter, long index)
    {
        Diameter = diameter;
        Index = index;
    }

    public static Entry None => new(double.NaN, -1);

    public bool IsNone => Index < 0;

    /// <summary>True when <paramref name="a"/> enters the filtration strictly before <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Before(in Entry a, in Entry b) =>
        a.Diameter < b.Diameter || (a.Diameter == b.Diameter && a.Index > b.Index);

    /// <summary>Filtration order (ascending).</summary>
    public int CompareTo(Entry other)
    {
        if (Diameter != other.Diameter)
        {
            return Diameter < other.Diameter ? -1 : 1;
        }

        return other.Index.CompareTo(Index);
    }
}
