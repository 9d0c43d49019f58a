namespace AmbientVerify.Probes.Checks.LegacyMtlsConfig;

/// <summary>The legacy-mtls-config check's name, case and the TLS mode it looks for.</summary>
public static class LegacyMtlsConfigConstants
{
    public const string CheckName = "legacy-mtls-config";

    public const string Case = "no ISTIO_MUTUAL DestinationRule is left";

    public const string SidecarCase = "ISTIO_MUTUAL DestinationRules are the sidecars' client mTLS";

    public const string IstioMutual = "ISTIO_MUTUAL";

    /// <summary>The route column of a result about all manifests rather than one object.</summary>
    public const string AllObjects = "DestinationRules";
}
