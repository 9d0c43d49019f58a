using k8s;

namespace AmbientVerify.Probes.Cluster;

/// <summary>
/// Which cluster and namespace a cluster-target verb (<c>audit</c>, <c>gate --target cluster</c>, <c>snapshot
/// --target cluster</c>) reads: a kubeconfig file and context (kubectl's defaults when not given: <c>$KUBECONFIG</c>,
/// then <c>~/.kube/config</c>, its current context), or the in-cluster service account inside a pod.
/// </summary>
/// <param name="Namespace">The platform's namespace (the routed workloads, the twin routes and the FaultTarget go there).</param>
public sealed record ClusterTarget(string? Kubeconfig, string? Context, string Namespace)
{
    public const string DefaultNamespace = "ecommerce";

    /// <summary>The client for this target.</summary>
    /// <exception cref="ClusterAccessException">No kubeconfig, or it lacks the context.</exception>
    public IKubernetes Connect() => ClusterConnection.FromKubeconfig(Kubeconfig ?? Environment.GetEnvironmentVariable("KUBECONFIG"), Context);

    /// <summary>How reports name it: "context kind-shop, namespace ecommerce".</summary>
    public override string ToString() =>
        $"{(Context is null ? "current context" : $"context {Context}")}{(Kubeconfig is null ? "" : $" of {Kubeconfig}")}, namespace {Namespace}";
}
