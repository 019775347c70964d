using System.Collections.Concurrent;
using System.Reflection;

namespace Orleans.Analytics.Pipeline;

/// <summary>
/// The jobs' own types (inputs, accumulators) that travel between silos inside deliveries: Orleans writes them with
/// System.Text.Json, so a job's types need no Orleans attributes. Types Orleans already knows are left to it.
/// </summary>
internal sealed class JobSerializedTypes
{
    private readonly ConcurrentDictionary<Type, byte> _types = new();

    public void AddRange(IEnumerable<Type> types)
    {
        foreach (var type in types)
        {
            if (!type.IsPrimitive && type != typeof(string) && type != typeof(decimal) && type.GetCustomAttribute<GenerateSerializerAttribute>() is null)
            {
                _types.TryAdd(type, 0);
            }
        }
    }

    public bool Contains(Type type) => _types.ContainsKey(type);
}
