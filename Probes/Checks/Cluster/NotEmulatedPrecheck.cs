using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.Probes.Verdicts;
using static AmbientVerify.Probes.Checks.Cluster.ClusterPrecheckConstants;

namespace AmbientVerify.Probes.Checks.Cluster;

/// <summary>
/// Objects the harness reads but does not emulate are listed one gap each, never dropped and never a pass: what they
/// do is not part of any verdict (DESIGN §2.1 "Ambient without a waypoint", from Istio's sidecar-to-ambient guide).
/// </summary>
public static class NotEmulatedPrecheck
{
    public static IReadOnlyList<CheckResult> Judge(LiveCluster cluster) =>
        [.. cluster.NotEmulated
            .OrderBy(o => o.Key.Kind, StringComparer.Ordinal).ThenBy(o => o.Key.Namespace, StringComparer.Ordinal).ThenBy(o => o.Key.Name, StringComparer.Ordinal)
            .Select(o => new CheckResult(CheckName, new Subject(o.Key.Kind, $"{o.Key.Namespace}/{o.Key.Name}"), NotEmulatedCase, Verdict.Gap,
                $"{o.Key} is read but not emulated: {Why(o.Key.Kind)}"))];

    private static string Why(string kind) => kind switch
    {
        "EnvoyFilter" => "an EnvoyFilter patches Envoy, which ambient pods no longer have (ztunnel ignores it; only a gateway or waypoint applies it); its effect is in no verdict",
        "RequestAuthentication" => "JWT validation needs a waypoint in ambient (ztunnel is L4 only); the harness does not validate tokens",
        "AuthorizationPolicy" => "L7 rules, CUSTOM and AUDIT actions bound by selector need a waypoint (targetRefs) in ambient; the harness does not evaluate authorization",
        "Telemetry" => "telemetry settings are not emulated; they change what the mesh records, not how routes behave",
        "WasmPlugin" => "a WasmPlugin needs a waypoint in ambient; the harness does not run it",
        _ => "its kind is not emulated",
    };
}
