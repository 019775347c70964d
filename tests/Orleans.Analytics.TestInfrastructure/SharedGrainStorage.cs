using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Analytics.TestInfrastructure;

/// <summary>
/// A grain storage shared by every silo of the test process and kept outside them, so it survives a silo being
/// killed, as a database would. Writes check the ETag like a real store, so a stale activation cannot overwrite
/// a newer state.
/// </summary>
public sealed class SharedGrainStorage(DeepCopier copier) : IGrainStorage
{
    /// <summary>The name tests register it under.</summary>
    public const string Name = "durable";

    private static readonly ConcurrentDictionary<string, (object State, long Version)> s_store = new();

    /// <summary>Forgets everything; for tests that start from an empty store.</summary>
    public static void Clear() => s_store.Clear();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (s_store.TryGetValue(Key(stateName, grainId), out var entry))
        {
            grainState.State = copier.Copy((T)entry.State);
            grainState.ETag = entry.Version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        var copy = copier.Copy(grainState.State)!;
        while (true)
        {
            if (s_store.TryGetValue(key, out var current))
            {
                if (grainState.ETag != current.Version.ToString(CultureInfo.InvariantCulture))
                {
                    throw new InconsistentStateException($"ETag mismatch for {key}", current.Version.ToString(CultureInfo.InvariantCulture), grainState.ETag);
                }

                if (s_store.TryUpdate(key, (copy, current.Version + 1), current))
                {
                    grainState.ETag = (current.Version + 1).ToString(CultureInfo.InvariantCulture);
                    break;
                }
            }
            else
            {
                if (grainState.ETag is not null)
                {
                    throw new InconsistentStateException($"{key} was deleted", null, grainState.ETag);
                }

                if (s_store.TryAdd(key, (copy, 1)))
                {
                    grainState.ETag = "1";
                    break;
                }
            }
        }

        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        s_store.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{grainId}/{stateName}";

    /// <summary>Registers the storage as <see cref="Name"/>.</summary>
    public static void Register(IServiceCollection services) =>
        services.AddKeyedSingleton<IGrainStorage>(Name, (sp, _) => new SharedGrainStorage(sp.GetRequiredService<DeepCopier>()));
}
