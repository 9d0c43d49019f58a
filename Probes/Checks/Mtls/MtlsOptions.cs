using AmbientVerify.Probes.Audit;

namespace AmbientVerify.Probes.Checks.Mtls;

/// <summary>What the mTLS evidence must show for every routed workload after the probe traffic.</summary>
public sealed class MtlsOptions
{
    /// <summary>
    /// The peer identity the gateway's connections must carry (source_principal). Default null: any identity is
    /// accepted; a run sets the main Gateway's, spiffe://cluster.local/ns/&lt;ns&gt;/sa/&lt;gateway&gt;-istio.
    /// </summary>
    public string? ExpectedSourcePrincipal { get; set; }

    /// <summary>Which dataplane should carry the traffic, for the remedy's wording. Default <see cref="MeshMode.Ambient"/> (ztunnel).</summary>
    public MeshMode Expect { get; set; } = MeshMode.Ambient;
}
