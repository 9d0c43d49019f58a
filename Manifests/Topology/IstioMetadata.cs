namespace AmbientVerify.Manifests.Topology;

/// <summary>The Istio labels and annotations the topology reads or writes, spelled once.</summary>
public static class IstioMetadata
{
    /// <summary>Namespace or pod label; "ambient" enrols in ambient, "none" (on a pod) opts out of capture.</summary>
    public const string DataplaneModeLabel = "istio.io/dataplane-mode";

    /// <summary>Namespace label; "enabled" turns on sidecar injection.</summary>
    public const string InjectionLabel = "istio-injection";

    /// <summary>Namespace label selecting a control plane revision (injects sidecars unless the namespace is ambient).</summary>
    public const string RevisionLabel = "istio.io/rev";

    /// <summary>Pod label or annotation; "true"/"false" forces or refuses sidecar injection (the label wins).</summary>
    public const string InjectLabelOrAnnotation = "sidecar.istio.io/inject";

    /// <summary>Pod annotation written by the injector on injected pods.</summary>
    public const string SidecarStatusAnnotation = "sidecar.istio.io/status";

    /// <summary>Pod annotation written by istio-cni on pods taken by ztunnel ("enabled"; "pending" = not yet).</summary>
    public const string RedirectionAnnotation = "ambient.istio.io/redirection";

    /// <summary>The injected sidecar container's name.</summary>
    public const string ProxyContainer = "istio-proxy";

    /// <summary>Istio's root namespace: a PeerAuthentication there without selector applies mesh-wide.</summary>
    public const string RootNamespace = "istio-system";

    /// <summary>What the injector writes into <see cref="SidecarStatusAnnotation"/> (default revision).</summary>
    public const string SidecarStatusValue =
        """{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"imagePullSecrets":null,"revision":"default"}""";
}
