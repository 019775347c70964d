using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Orleans.Analytics.Kafka.Embedded;

/// <summary>
/// Chooses which librdkafka build Confluent.Kafka loads, once per process, before any client is made.
/// </summary>
/// <remarks>
/// Left to itself, Confluent.Kafka may load an older system librdkafka (for example Debian's, pulled in by kcat)
/// that lacks entry points it needs. The builds shipped with the package are tried first: the default one, then
/// the glibc build without SASL dependencies, which is the one that loads on Debian 12.
/// </remarks>
public static class NativeKafka
{
    private static readonly Lazy<string?> s_loaded = new(LoadBundled, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<string> s_path = new(LocateLoadedLibrary, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the bundled librdkafka if it is not loaded yet; returns its path, or null if the default search was left to Confluent.Kafka.</summary>
    public static string? EnsureLoaded() => s_loaded.Value;

    /// <summary>
    /// The file of the librdkafka Confluent.Kafka loaded, so that code binding librdkafka's C API directly (the mock
    /// cluster, the lean consumer) uses that very library: one librdkafka per process.
    /// </summary>
    internal static string LoadedLibraryPath => s_path.Value;

    private static string LocateLoadedLibrary()
    {
        EnsureLoaded();
        _ = Library.Version;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && line.Contains("librdkafka", StringComparison.Ordinal))
            {
                return line[slash..].Trim();
            }
        }

        throw new PlatformNotSupportedException(
            "The librdkafka loaded by Confluent.Kafka could not be found in /proc/self/maps; the embedded Kafka and the lean consumer bind its C API.");
    }

    private static string? LoadBundled()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        string[] folders = [Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native"), AppContext.BaseDirectory];
        string[] names = ["librdkafka.so", "centos8-librdkafka.so", "centos7-librdkafka.so"];
        foreach (var folder in folders)
        {
            foreach (var name in names)
            {
                var path = Path.Combine(folder, name);
                if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle))
                {
                    NativeLibrary.SetDllImportResolver(
                        typeof(Library).Assembly,
                        (libraryName, _, _) => libraryName.Contains("rdkafka", StringComparison.Ordinal) ? handle : IntPtr.Zero);
                    return path;
                }
            }
        }

        return null;
    }
}
