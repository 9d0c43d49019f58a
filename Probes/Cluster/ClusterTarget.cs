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
        $"{(Context is null ? "current context" : $"context {Context}")}{(Kubeconfig is null ? "" : $" of {Kubeconfig}")}{NamespaceWords}{Namespace}";

    private const string NamespaceWords = ", namespace ";

    /// <summary>
    /// The namespace back from <see cref="ToString"/> (a cluster run's report keeps the target as that text); null
    /// when <paramref name="description"/> is not one. A namespace is a DNS label, so it never holds the words.
    /// </summary>
    public static string? NamespaceOf(string description) =>
        description.LastIndexOf(NamespaceWords, StringComparison.Ordinal) is >= 0 and var at && at + NamespaceWords.Length < description.Length
            ? description[(at + NamespaceWords.Length)..]
            : null;
}
