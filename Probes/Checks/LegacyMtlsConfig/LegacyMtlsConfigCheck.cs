using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Verdicts;
using static AmbientVerify.Probes.Checks.LegacyMtlsConfig.LegacyMtlsConfigConstants;

namespace AmbientVerify.Probes.Checks.LegacyMtlsConfig;

/// <summary>
/// ISTIO_MUTUAL DestinationRules left behind. In ambient, ztunnel does mTLS (HBONE) for captured pods by itself; the
/// plan deletes every ISTIO_MUTUAL DestinationRule and keeps PeerAuthentication. One left over means the migration
/// is unfinished (and it would make a sidecar client originate Istio mTLS on its own, as before).
/// </summary>
public static class LegacyMtlsConfigCheck
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(IMeshInspector inspector, LegacyMtlsConfigOptions options, CancellationToken cancellationToken)
    {
        var rules = await inspector.GetDestinationRulesAsync(cancellationToken).ConfigureAwait(false);
        var mutual = rules.Where(r => string.Equals(r.TlsMode?.Trim(), IstioMutual, StringComparison.OrdinalIgnoreCase)).ToList();

        if (options.Expect == MeshMode.Sidecar)
        {
            return [new CheckResult(CheckName, Subject.AllDestinationRules, SidecarCase, Verdict.Pass,
                mutual.Count == 0
                    ? "no ISTIO_MUTUAL DestinationRule (sidecars use auto mTLS)"
                    : $"{mutual.Count} ISTIO_MUTUAL DestinationRule(s), expected in sidecar mode: {string.Join(", ", mutual.Select(r => $"{r.Namespace}/{r.Name}"))}")];
        }

        if (mutual.Count == 0)
        {
            return [new CheckResult(CheckName, Subject.AllDestinationRules, Case, Verdict.Pass,
                $"none of the {rules.Count} DestinationRule(s) sets trafficPolicy.tls.mode {IstioMutual}")];
        }

        return mutual.Select(rule =>
        {
            var remedy = $"delete DestinationRule {rule.Namespace}/{rule.Name} (or its trafficPolicy.tls): ztunnel does mTLS for ambient pods and the plan deletes every {IstioMutual} DestinationRule";
            return new CheckResult(CheckName, Subject.DestinationRule(rule.Namespace, rule.Name), Case, Verdict.Fail,
                $"expected no DestinationRule with trafficPolicy.tls.mode {IstioMutual} after the migration; observed {rule.Source} for host {rule.Host} with {IstioMutual}. Remedy: {remedy}",
                remedy);
        }).ToList();
    }
}
