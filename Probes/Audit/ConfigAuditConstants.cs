using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Audit;

/// <summary>The config audit's name, its rules (stable id and sentence) and the Istio metadata it reads.</summary>
public static class ConfigAuditConstants
{
    public const string CheckName = "config-audit";

    public static readonly CheckCase AmbientNamespace = new("namespace-labelled-ambient", "namespace is labelled istio.io/dataplane-mode=ambient");
    public static readonly CheckCase NamespaceNotInjected = new("namespace-not-injected", "namespace does not request sidecar injection");
    public static readonly CheckCase SidecarNamespace = new("namespace-injected", "namespace requests sidecar injection");

    public static readonly CheckCase NoVirtualService = new("no-virtual-service-left", "no VirtualService is left");
    public static readonly CheckCase NoDestinationRule = new("no-destination-rule-left", "no DestinationRule is left");
    public static readonly CheckCase NoCircuitBreaker = new("no-circuit-breaker-left", "no circuit-breaker DestinationRule is left");
    public static readonly CheckCase SidecarVirtualService = new("virtual-service-kept-for-sidecars", "VirtualService is expected in sidecar mode");
    public static readonly CheckCase SidecarDestinationRule = new("destination-rule-kept-for-sidecars", "DestinationRule is expected in sidecar mode");

    public static readonly CheckCase NoRetryAnnotation = new("no-retry-annotation", "no retry.istio.io annotation is relied on");
    public static readonly CheckCase NoBackendRequestWithoutRetry = new("no-backend-request-without-retry", "no timeouts.backendRequest without retry");

    public const string AmbientLabel = "istio.io/dataplane-mode";
    public const string InjectionLabel = "istio-injection";
    public const string RetryAnnotationPrefix = "retry.istio.io/";
}
