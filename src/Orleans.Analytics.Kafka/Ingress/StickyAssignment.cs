using System.Text;

namespace Orleans.Analytics.Kafka;

/// <summary>
/// Rendezvous (highest-random-weight) hashing with bounded loads: every (queue, silo) pair gets a score from a hash
/// of both names, and pairs are taken highest score first, each silo taking floor(queues / silos) queues and the
/// first (queues mod silos) silos to want one more taking one more, so loads differ by at most one. The result
/// depends only on the names, so every silo computes the same one; a silo that joins takes about 1/n of the queues
/// (those that score highest on it) and a silo that leaves gives up its own, while the others keep almost all of
/// theirs. Round-robin over a sorted silo list, by contrast, moves most queues on any change.
/// </summary>
internal static class StickyAssignment
{
    /// <summary>The owner of every queue (by name) among <paramref name="silos"/>; empty when there is no silo.</summary>
    public static Dictionary<string, string> Assign(IReadOnlyList<string> queues, IReadOnlyCollection<string> silos)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(silos);
        var owners = new Dictionary<string, string>(queues.Count, StringComparer.Ordinal);
        if (silos.Count == 0 || queues.Count == 0)
        {
            return owners;
        }

        var floor = queues.Count / silos.Count;
        var extra = queues.Count % silos.Count;
        var pairs = new List<(ulong Score, string Queue, string Silo)>(queues.Count * silos.Count);
        foreach (var queue in queues)
        {
            foreach (var silo in silos)
            {
                pairs.Add((Score(queue, silo), queue, silo));
            }
        }

        // Highest score first; equal scores (a hash collision) are ordered by name, so the order is total.
        pairs.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            var byQueue = string.CompareOrdinal(a.Queue, b.Queue);
            return byQueue != 0 ? byQueue : string.CompareOrdinal(a.Silo, b.Silo);
        });

        var load = new Dictionary<string, int>(silos.Count, StringComparer.Ordinal);
        foreach (var (_, queue, silo) in pairs)
        {
            if (owners.ContainsKey(queue))
            {
                continue;
            }

            var taken = load.GetValueOrDefault(silo);
            if (taken < floor || (taken == floor && extra > 0))
            {
                if (taken == floor)
                {
                    extra--;
                }

                owners[queue] = silo;
                load[silo] = taken + 1;
                if (owners.Count == queues.Count)
                {
                    break;
                }
            }
        }

        return owners;
    }

    /// <summary>A 64-bit score of a pair: Kafka's murmur2 of each name, mixed by SplitMix64's finalizer.</summary>
    internal static ulong Score(string queue, string silo)
    {
        var x = (ulong)(uint)KafkaQueueMapper.Murmur2(Encoding.UTF8.GetBytes(queue)) << 32
            | (uint)KafkaQueueMapper.Murmur2(Encoding.UTF8.GetBytes(silo));
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
