namespace AmbientVerify.LocalMesh.Dataplane;

/// <summary>
/// One row of <c>GET /workloads</c>: the columns of <c>istioctl ztunnel-config workloads</c> (NAMESPACE, POD NAME,
/// ADDRESS, NODE, WAYPOINT, PROTOCOL) plus what the local mesh adds for the harness.
/// </summary>
/// <param name="Address">
/// "host:port" a client reaches the pod at: for a captured pod or a sidecar the local "pod address" listener
/// (the pod IP the mesh intercepts); otherwise the app process itself.
/// </param>
/// <param name="Protocol">"HBONE" for pods ztunnel captures, "TCP" for every other pod (as istioctl shows).</param>
/// <param name="Dataplane">"ztunnel", "sidecar" or "none" (topology's view of the pod).</param>
public sealed record WorkloadEntry(
    string Namespace,
    string PodName,
    string Address,
    string Node,
    string Waypoint,
    string Protocol,
    string WorkloadName,
    string ServiceAccount,
    string Identity,
    string Dataplane)
{
    public const string LocalNode = "local";
    public const string NoWaypoint = "None";
    public const string Hbone = "HBONE";
    public const string Tcp = "TCP";
}
