using System.Globalization;
using AmbientVerify.Manifests;

namespace AmbientVerify.AppHost;

/// <summary>
/// The app stand-ins behind the pods: one FaultTarget process for every Service that needs one (see
/// <see cref="NeededServices"/>), with one listener (endpoint) per Service that answers as that Service. All pods of a
/// Service reach its listener, and the tries of a uuid are counted in one place whichever Service served them.
/// </summary>
/// <remarks>
/// One process instead of one per Service: the stand-ins are the apps, not the mesh, so nothing the checks look at
/// depends on how many processes serve them, and every process a gate starts costs start-up time on a small machine.
/// </remarks>
public sealed class StandInResources
{
    public const string ResourceName = "faulttarget";

    private StandInResources(
        IResourceBuilder<ExecutableResource> process,
        IReadOnlyDictionary<NamespacedName, EndpointReference> listeners,
        IReadOnlyDictionary<NamespacedName, string> displayNames)
    {
        Process = process;
        Listeners = listeners;
        DisplayNames = displayNames;
    }

    public IResourceBuilder<ExecutableResource> Process { get; }

    /// <summary>Each Service's listener, by namespace and name: the app behind the Service's pods.</summary>
    public IReadOnlyDictionary<NamespacedName, EndpointReference> Listeners { get; }

    /// <summary>
    /// How the dashboard names each Service (its endpoint's name, and the start of its sidecars' resource names):
    /// the Service's name, with its namespace in front when another namespace has a Service of that name too.
    /// </summary>
    public IReadOnlyDictionary<NamespacedName, string> DisplayNames { get; }

    /// <summary>Where the probes ask whether the stand-ins are up (any listener answers /health; LocalTarget makes sure there is one).</summary>
    public EndpointReference Health => Listeners.Values.First();

    public static StandInResources Add(IDistributedApplicationBuilder builder, LocalTarget target)
    {
        var process = builder.AddBuiltExecutable<Projects.FaultTarget>(ResourceName);
        var endpointNames = new AspireNames();
        var listeners = new Dictionary<NamespacedName, EndpointReference>();
        var displayNames = new Dictionary<NamespacedName, string>();
        var sharedNames = target.StandIns.GroupBy(w => w.ServiceName).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (workload, i) in target.StandIns.Select((workload, i) => (workload, i)))
        {
            var service = workload.Service;
            var readable = sharedNames.Contains(service.Name) ? $"{service.Namespace}-{service.Name}" : service.Name;
            // The endpoint carries the Service's name, so the dashboard lists each Service's address.
            var endpointName = endpointNames.For(service.ToString(), readable);
            var endpoint = process.WithFreeHttpEndpoint(endpointName).GetEndpoint(endpointName);
            var key = $"FaultTarget__Services__{i.ToString(CultureInfo.InvariantCulture)}__";
            process
                .WithEnvironment(key + "Name", service.Name)
                .WithEnvironment(key + "Namespace", service.Namespace)
                .WithEnvironment(key + "Url", endpoint)
                .WithEnvironment(key + "Replicas", workload.Replicas.ToString(CultureInfo.InvariantCulture));
            listeners.Add(service, endpoint);
            displayNames.Add(service, endpointName);
        }

        return new StandInResources(process, listeners, displayNames);
    }
}
