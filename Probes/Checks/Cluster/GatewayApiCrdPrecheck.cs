using AmbientVerify.Manifests.Versions;
using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.Probes.Verdicts;
using static AmbientVerify.Probes.Checks.Cluster.ClusterPrecheckConstants;

namespace AmbientVerify.Probes.Checks.Cluster;

/// <summary>
/// HTTPRoute <c>retry</c> is an experimental-channel field: gateway-api's
/// <c>config/crd/standard/gateway.networking.k8s.io_httproutes.yaml</c> has no <c>retry</c> under <c>spec.rules</c>
/// (the experimental CRD has), and the API server prunes what its schema does not declare, so a route applied to a
/// standard-channel cluster never keeps its retry. Judged on the installed CRD's served schema, and its channel
/// annotation (<c>gateway.networking.k8s.io/channel</c>) in the message.
/// </summary>
public static class GatewayApiCrdPrecheck
{
    public static CheckResult Judge(LiveCluster cluster, GatewayApiChannel? overridden)
    {
        var crds = cluster.GatewayApiCrds;
        var subject = new Subject("CustomResourceDefinition", LiveClusterReader.HttpRouteCrdName);
        var routes = RetryUse.Routes(cluster);
        var channel = crds.Channel ?? "(no channel annotation)";
        var described = $"channel {channel}{(crds.BundleVersion is { } v ? $", bundle {v}" : "")}";
        if (!crds.HttpRouteCrdFound)
        {
            return routes.Count == 0 && cluster.Objects.All(o => o.Key.Kind != "HTTPRoute")
                ? new CheckResult(CheckName, subject, CrdChannelCase, Verdict.Pass, $"{crds.Source}, and no HTTPRoute needs it")
                : new CheckResult(CheckName, subject, CrdChannelCase, Verdict.Error, $"could not look: {crds.Source}");
        }

        if (overridden is { } given && given.Name() != crds.Channel)
        {
            // The override decides the verdicts of the routes; the installed CRD is what the API server really does.
            described += $"; --gateway-api-channel {given.Name()} given";
        }

        if (routes.Count == 0)
        {
            return new CheckResult(CheckName, subject, CrdChannelCase, Verdict.Pass,
                $"{crds.Source} ({described}, schema {(crds.SchemaHasRetry ? "declares" : "lacks")} retry); no HTTPRoute uses retry");
        }

        if (crds.SchemaHasRetry)
        {
            return new CheckResult(CheckName, subject, CrdChannelCase, Verdict.Pass,
                $"{crds.Source} ({described}) declares spec.rules[].retry, which {RetryUse.Names(routes)} use");
        }

        var pruned = routes.Where(RetryUse.Pruned).ToList();
        var remedy = "install the Gateway API experimental-channel CRDs (kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/<version>/experimental-install.yaml), then re-apply the routes";
        return new CheckResult(CheckName, subject, CrdChannelCase, Verdict.Fail,
            $"expected the HTTPRoute CRD to declare spec.rules[].retry because {RetryUse.Names(routes)} use it; observed {crds.Source} ({described}) without it" +
            (pruned.Count > 0 ? $": the API server pruned retry from {RetryUse.Names(pruned)} (their last-applied configuration has it)" : "") +
            $". Remedy: {remedy}",
            remedy);
    }
}
