using System.Globalization;

namespace AmbientVerify.AppHost;

/// <summary>
/// The app stand-ins behind the pods: one FaultTarget process for every Service of the manifests, with one listener
/// (endpoint) per Service that answers as that Service. All pods of a Service reach its listener, and the tries of
/// a uuid are counted in one place whichever Service served them.
/// </summary>
/// <remarks>
/// One process instead of one per Service: the stand-ins are the apps, not the mesh, so nothing the checks look at
/// depends on how many processes serve them, and every process a gate starts costs start-up time on a small machine.
/// </remarks>
public sealed class StandInResources
{
    public const string ResourceName = "faulttarget";

    private StandInResources(IResourceBuilder<ExecutableResource> process, IReadOnlyDictionary<string, EndpointReference> listeners)
    {
        Process = process;
        Listeners = listeners;
    }

    public IResourceBuilder<ExecutableResource> Process { get; }

    /// <summary>Each Service's listener, by Service name: the app behind the Service's pods.</summary>
    public IReadOnlyDictionary<string, EndpointReference> Listeners { get; }

    /// <summary>Where the probes ask whether the stand-ins are up (any listener answers /health).</summary>
    public EndpointReference Health => Listeners.Values.First();

    public static StandInResources Add(IDistributedApplicationBuilder builder, LocalTarget target)
    {
        var process = builder.AddBuiltExecutable<Projects.FaultTarget>(ResourceName);
        var listeners = new Dictionary<string, EndpointReference>(StringComparer.Ordinal);
        foreach (var (workload, i) in target.Workloads.Select((workload, i) => (workload, i)))
        {
            // The endpoint carries the Service's name, so the dashboard lists each Service's address.
            var endpoint = process.WithFreeHttpEndpoint(target.ResourceNameOf(workload.ServiceName)).GetEndpoint(target.ResourceNameOf(workload.ServiceName));
            var key = $"FaultTarget__Services__{i.ToString(CultureInfo.InvariantCulture)}__";
            process
                .WithEnvironment(key + "Name", workload.ServiceName)
                .WithEnvironment(key + "Namespace", workload.Namespace)
                .WithEnvironment(key + "Url", endpoint)
                .WithEnvironment(key + "Replicas", workload.Replicas.ToString(CultureInfo.InvariantCulture));
            listeners.Add(workload.ServiceName, endpoint);
        }

        return new StandInResources(process, listeners);
    }
}
