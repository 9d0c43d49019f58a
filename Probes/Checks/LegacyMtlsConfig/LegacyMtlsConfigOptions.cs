using AmbientVerify.Probes.Audit;

namespace AmbientVerify.Probes.Checks.LegacyMtlsConfig;

/// <summary>When ISTIO_MUTUAL DestinationRules count as left behind.</summary>
public sealed class LegacyMtlsConfigOptions
{
    /// <summary>
    /// Default <see cref="MeshMode.Ambient"/>: every ISTIO_MUTUAL DestinationRule fails (the plan deletes them).
    /// Under <see cref="MeshMode.Sidecar"/> they are the sidecars' client mTLS settings and pass.
    /// </summary>
    public MeshMode Expect { get; set; } = MeshMode.Ambient;
}
