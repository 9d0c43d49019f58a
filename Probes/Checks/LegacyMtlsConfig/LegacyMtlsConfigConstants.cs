using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Checks.LegacyMtlsConfig;

/// <summary>The legacy-mtls-config check's name, its cases (stable id and sentence) and the TLS mode it looks for.</summary>
public static class LegacyMtlsConfigConstants
{
    public const string CheckName = "legacy-mtls-config";

    public static readonly CheckCase Case = new("no-istio-mutual-destination-rule", "no ISTIO_MUTUAL DestinationRule is left");

    public static readonly CheckCase SidecarCase = new("istio-mutual-kept-for-sidecars", "ISTIO_MUTUAL DestinationRules are the sidecars' client mTLS");

    public const string IstioMutual = "ISTIO_MUTUAL";
}
