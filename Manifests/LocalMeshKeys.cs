namespace AmbientVerify.Manifests;

/// <summary>
/// The configuration keys through which the AppHost tells the LocalMesh processes where each Service's app and each
/// pod's sidecar are, spelled once for the writer (AppHost, as environment) and the reader (LocalMesh, as configuration).
/// </summary>
/// <remarks>
/// Keys are by namespace and name, and a configuration key cannot carry the "/" of "namespace/name" (nor can an
/// environment variable name portably). So the namespace is a section of its own: <c>LocalMesh:Backends:team-a:tls-backend</c>,
/// in the environment <c>LocalMesh__Backends__team-a__tls-backend</c>. That is unambiguous because Kubernetes names
/// are DNS labels, which never hold ":" or "__".
/// </remarks>
public static class LocalMeshKeys
{
    public const string Section = "LocalMesh";

    /// <summary>The base URL of the one app endpoint behind a Service: <c>LocalMesh:Backends:&lt;namespace&gt;:&lt;service&gt;</c>.</summary>
    public static string Backend(NamespacedName service) => $"{Section}:Backends:{service.Namespace}:{service.Name}";

    /// <summary>
    /// The admin URL of the sidecar process of a pod (<c>team-a/tls-backend-0</c>) or of a workload (<c>team-a/tls-backend</c>):
    /// <c>LocalMesh:Sidecars:&lt;namespace&gt;:&lt;pod or workload&gt;:Admin</c>.
    /// </summary>
    public static string SidecarAdmin(NamespacedName podOrWorkload) => $"{Section}:Sidecars:{podOrWorkload.Namespace}:{podOrWorkload.Name}:Admin";

    /// <summary>
    /// The URL of the gateway's admin server (<c>/health</c>, <c>/alive</c>, <c>/metrics</c>, <c>/__mesh/routes</c>),
    /// apart from the port that carries the chart's routes.
    /// </summary>
    public const string GatewayAdmin = Section + ":Admin";

    /// <summary>A configuration key as an environment variable name (what .NET's environment provider reads back as the key).</summary>
    public static string AsEnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
