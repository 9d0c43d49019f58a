using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.Probes.Verdicts;
using static AmbientVerify.Probes.Checks.Cluster.ClusterPrecheckConstants;

namespace AmbientVerify.Probes.Checks.Cluster;

/// <summary>
/// An API that is not served (a CRD not installed) is an answer: the objects of that kind cannot exist. Istio's own
/// groups missing means Istio is not installed, so nothing can be judged: error. The Gateway API missing while the
/// ingress is an Istio Gateway is a gap (the routes are VirtualServices); otherwise an error.
/// </summary>
public static class MissingApiPrecheck
{
    private const string GatewayApiGroup = "gateway.networking.k8s.io";

    public static IReadOnlyList<CheckResult> Judge(LiveCluster cluster)
    {
        var hasIstioGateway = cluster.Objects.Any(o => o.Key.Group == "networking.istio.io" && o.Key.Kind == "Gateway");
        return [.. cluster.MissingApis.Select(missing =>
        {
            var subject = new Subject("API", missing.Group);
            if (missing.Group == GatewayApiGroup && hasIstioGateway)
            {
                return new CheckResult(CheckName, subject, ApiServedCase, Verdict.Gap,
                    $"{missing.Words}: no HTTPRoute can exist, so only the VirtualServices bound to the Istio Gateway are judged");
            }

            var remedy = missing.Group == GatewayApiGroup
                ? "install the Gateway API CRDs (experimental channel for HTTPRoute retry)"
                : $"install Istio (its base chart installs the {missing.Group} CRDs), or read a cluster that has it";
            return new CheckResult(CheckName, subject, ApiServedCase, Verdict.Error, $"could not look: {missing.Words}. Remedy: {remedy}", remedy);
        })];
    }
}
