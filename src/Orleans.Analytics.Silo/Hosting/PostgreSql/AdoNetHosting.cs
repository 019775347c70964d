using System.Globalization;
using System.Net;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace Orleans.Analytics.Silo.Hosting;

/// <summary>
/// Membership, grain storage and reminders on PostgreSQL through Orleans' ADO.NET providers (invariant <c>Npgsql</c>):
/// <c>Orleans:Clustering</c> = <c>AdoNet</c> or <c>Kubernetes</c>, <c>Storage:Provider</c> = <c>AdoNet</c>, both on
/// <c>Storage:ConnectionString</c>. The schema is in <c>deploy/sql/postgresql</c>.
/// </summary>
internal static class AdoNetHosting
{
    /// <summary>The ADO.NET invariant of Npgsql, as Orleans names it.</summary>
    public const string Invariant = "Npgsql";

    public const string ConnectionStringKey = "Storage:ConnectionString";

    /// <summary>Optional: the address other silos reach this one at with <c>Orleans:Clustering=AdoNet</c>; default: the host's.</summary>
    public const string AdvertisedAddressKey = "Orleans:AdvertisedIPAddress";

    /// <summary>Orleans' <see cref="ClusterMembershipOptions"/> (probe timeouts, votes, ...), bound for the AdoNet kinds.</summary>
    public const string MembershipSection = "Orleans:ClusterMembership";

    private static readonly string[] ClusteringKinds = ["Localhost", "AdoNet", "Kubernetes"];
    private static readonly string[] StorageKinds = ["Memory", "AdoNet"];

    /// <summary>Whether membership is kept in PostgreSQL (<c>AdoNet</c>, or <c>Kubernetes</c>, which adds Orleans' Kubernetes hosting).</summary>
    public static bool UsesAdoNetClustering(string? clustering) =>
        Is(clustering, "AdoNet") || Is(clustering, "Kubernetes");

    public static bool UsesAdoNetStorage(string storageProvider) => Is(storageProvider, "AdoNet");

    /// <summary>Whether anything of the silo lives in PostgreSQL, so the database is checked at start.</summary>
    public static bool UsesPostgreSql(SiloSettings settings) =>
        UsesAdoNetClustering(settings.Orleans.Clustering) || UsesAdoNetStorage(settings.StorageProvider);

    /// <summary>The problems of the clustering and storage keys, each naming its key.</summary>
    public static IEnumerable<string> Validate(SiloSettings settings)
    {
        var clustering = settings.Orleans.Clustering;
        if (clustering is not null && !ClusteringKinds.Any(k => Is(clustering, k)))
        {
            yield return $"Orleans:Clustering is '{clustering}'; allowed: {string.Join(", ", ClusteringKinds)}.";
        }

        if (!StorageKinds.Any(k => Is(settings.StorageProvider, k)))
        {
            yield return $"Storage:Provider is '{settings.StorageProvider}'; allowed: {string.Join(", ", StorageKinds)}.";
        }

        if (settings.Orleans.AdvertisedIPAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
        {
            yield return $"{AdvertisedAddressKey} is '{address}'; it must be an IP address such as 10.0.0.4.";
        }

        if (Is(clustering, "Kubernetes") && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POD_NAMESPACE"))
            && !File.Exists("/var/run/secrets/kubernetes.io/serviceaccount/namespace"))
        {
            // Orleans' Kubernetes hosting needs the namespace; without it the silo would fail later, deep in start-up.
            yield return "Orleans:Clustering is 'Kubernetes' but the pod's namespace is unknown: set POD_NAMESPACE (from metadata.namespace), or use AdoNet outside Kubernetes.";
        }

        if (!UsesPostgreSql(settings))
        {
            yield break;
        }

        var users = string.Join(" and ", new[]
        {
            UsesAdoNetClustering(clustering) ? $"Orleans:Clustering={clustering}" : null,
            UsesAdoNetStorage(settings.StorageProvider) ? $"Storage:Provider={settings.StorageProvider}" : null,
        }.OfType<string>());
        if (string.IsNullOrWhiteSpace(settings.StorageConnectionString))
        {
            yield return $"{ConnectionStringKey} is empty; {users} use PostgreSQL and need a connection string such as 'Host=db;Database=orleans;Username=orleans;Password=...'.";
        }
        else if (ParseProblem(settings.StorageConnectionString) is { } problem)
        {
            yield return $"{ConnectionStringKey} is not a valid Npgsql connection string: {problem}";
        }
    }

    /// <summary>The Default grain storage and the reminder service: in memory, or in PostgreSQL.</summary>
    public static void UseStorage(ISiloBuilder silo, SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!UsesAdoNetStorage(settings.StorageProvider))
        {
            AddMemoryGrainStorage(silo);
            silo.UseInMemoryReminderService();
            return;
        }

        var connectionString = settings.StorageConnectionString!;
        silo.AddAdoNetGrainStorageAsDefault(options => options.Configure<IServiceProvider>((o, services) =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
            // The grains' state types are Orleans-serializable ([GenerateSerializer], [Id]); the binary format keeps
            // them version tolerant where the default JSON format would need them shaped for JSON.
            o.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
        }));
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
    }

    /// <summary>
    /// The Default grain storage in memory, in Orleans' binary format like the PostgreSQL storage. The default JSON
    /// format wrote every key grain's state twice as JSON (the job's snapshot, escaped inside the state's JSON).
    /// </summary>
    public static void AddMemoryGrainStorage(ISiloBuilder silo) =>
        silo.AddMemoryGrainStorageAsDefault(options => options.Configure<IServiceProvider>((o, services) =>
            o.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services)));

    /// <summary>
    /// Membership in PostgreSQL, for <see cref="ScalarClusteringProviderBuilder"/>: the cluster's identity, the ports,
    /// and with <c>Kubernetes</c> Orleans' Kubernetes hosting (pod name, namespace and IP, <c>ORLEANS_SERVICE_ID</c>
    /// and <c>ORLEANS_CLUSTER_ID</c> from the environment, which win over the configuration).
    /// </summary>
    public static void UseClustering(ISiloBuilder builder, string kind, int siloPort, int gatewayPort)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var connectionString = configuration[ConnectionStringKey];
        builder.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = configuration["Orleans:ClusterId"] ?? new OrleansSettings().ClusterId;
            o.ServiceId = configuration["Orleans:ServiceId"] ?? new OrleansSettings().ServiceId;
        });
        builder.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        builder.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(MembershipSection));
        if (Is(kind, "Kubernetes"))
        {
            // Orleans' Kubernetes hosting listens on every address and would advertise POD_IP, but only when no
            // address is set yet, and Orleans' own default (the host's address) comes first; so POD_IP is set here.
            builder.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = siloPort;
                o.GatewayPort = gatewayPort;
                if (IPAddress.TryParse(Environment.GetEnvironmentVariable("POD_IP"), out var podIp))
                {
                    o.AdvertisedIPAddress = podIp;
                }
                else if (configuration[AdvertisedAddressKey] is { Length: > 0 } configured)
                {
                    o.AdvertisedIPAddress = IPAddress.Parse(configured);
                }
            });
            builder.UseKubernetesHosting();
        }
        else if (configuration[AdvertisedAddressKey] is { Length: > 0 } address)
        {
            builder.ConfigureEndpoints(IPAddress.Parse(address), siloPort, gatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            builder.ConfigureEndpoints(siloPort, gatewayPort, listenOnAnyHostAddress: true);
        }
    }

    /// <summary>What a reader may see of a connection string: where it points and as whom, never a secret.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            var password = string.IsNullOrEmpty(parsed.Password) ? "" : ";Password=***";
            return string.Create(CultureInfo.InvariantCulture, $"Host={parsed.Host};Port={parsed.Port};Database={parsed.Database};Username={parsed.Username}{password}");
        }
        catch (ArgumentException)
        {
            return "(not a valid connection string)";
        }
    }

    private static string? ParseProblem(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Npgsql names the keyword at fault; the value (which may be a secret) is not repeated here.
            return ex.Message;
        }
    }

    private static bool Is(string? value, string kind) => string.Equals(value, kind, StringComparison.OrdinalIgnoreCase);
}
