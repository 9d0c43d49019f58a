namespace AmbientVerify.Probes.Checks.Capture;

/// <summary>The capture check's name, case sentences and the Istio metadata it reads (DESIGN §2 "Ambient evidence").</summary>
public static class CaptureConstants
{
    public const string CheckName = "capture";

    public const string AmbientNamespaceCase = "namespace is labelled istio.io/dataplane-mode=ambient";
    public const string SidecarNamespaceCase = "namespace requests sidecar injection";
    public const string AmbientPodsCase = "every pod is captured by ztunnel, without sidecar";
    public const string SidecarPodsCase = "every pod carries an istio-proxy sidecar";
    public const string AmbientDataplaneCase = "ztunnel lists every pod as HBONE";
    public const string SidecarDataplaneCase = "a sidecar serves every pod";

    public const string DataplaneModeLabel = "istio.io/dataplane-mode";
    public const string InjectionLabel = "istio-injection";
    public const string RevisionLabel = "istio.io/rev";
    public const string RedirectionAnnotation = "ambient.istio.io/redirection";
    public const string SidecarStatusAnnotation = "sidecar.istio.io/status";
    public const string InjectLabelOrAnnotation = "sidecar.istio.io/inject";
    public const string ProxyContainer = "istio-proxy";
}
