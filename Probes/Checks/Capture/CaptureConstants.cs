using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Checks.Capture;

/// <summary>The capture check's name, its cases (stable id and sentence) and the Istio metadata it reads (DESIGN §2 "Ambient evidence").</summary>
public static class CaptureConstants
{
    public const string CheckName = "capture";

    public static readonly CheckCase AmbientNamespaceCase = new("namespace-labelled-ambient", "namespace is labelled istio.io/dataplane-mode=ambient");
    public static readonly CheckCase SidecarNamespaceCase = new("namespace-injected", "namespace requests sidecar injection");
    public static readonly CheckCase AmbientPodsCase = new("pods-captured-by-ztunnel", "every pod is captured by ztunnel, without sidecar");
    public static readonly CheckCase SidecarPodsCase = new("pods-carry-sidecar", "every pod carries an istio-proxy sidecar");
    public static readonly CheckCase AmbientDataplaneCase = new("ztunnel-lists-pods-as-hbone", "ztunnel lists every pod as HBONE");
    public static readonly CheckCase SidecarDataplaneCase = new("sidecar-serves-pods", "a sidecar serves every pod");

    public const string DataplaneModeLabel = "istio.io/dataplane-mode";
    public const string InjectionLabel = "istio-injection";
    public const string RevisionLabel = "istio.io/rev";
    public const string RedirectionAnnotation = "ambient.istio.io/redirection";
    public const string SidecarStatusAnnotation = "sidecar.istio.io/status";
    public const string InjectLabelOrAnnotation = "sidecar.istio.io/inject";
    public const string ProxyContainer = "istio-proxy";
}
