using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.Probes.Verdicts;
using static AmbientVerify.Probes.Checks.Cluster.ClusterPrecheckConstants;

namespace AmbientVerify.Probes.Checks.Cluster;

/// <summary>
/// ztunnel and istio-cni run on every node in ambient mode: a node without a ready ztunnel carries no captured
/// traffic for its pods, and without istio-cni new pods there are never redirected to ztunnel.
/// Judged from the DaemonSet's counts (desired vs ready) and from its pods (a ready one per node, by spec.nodeName).
/// </summary>
public static class NodeAgentsPrecheck
{
    public static IReadOnlyList<CheckResult> Judge(LiveCluster cluster, MeshMode expect) =>
    [
        Judge(cluster, LiveClusterReader.ZtunnelName, cluster.Ztunnel, ZtunnelCase, expect),
        Judge(cluster, LiveClusterReader.IstioCniName, cluster.IstioCni, IstioCniCase, expect),
    ];

    private static CheckResult Judge(LiveCluster cluster, string name, LiveDaemonSet? daemonSet, CheckCase @case, MeshMode expect)
    {
        var subject = new Subject("DaemonSet", daemonSet is null ? $"{Manifests.Topology.IstioMetadata.RootNamespace}/{name}" : $"{daemonSet.Namespace}/{daemonSet.Name}");
        if (daemonSet is null)
        {
            if (expect == MeshMode.Sidecar)
            {
                return new CheckResult(CheckName, subject, @case, Verdict.Pass, $"no {name} DaemonSet, and sidecar mode does not need one");
            }

            var install = "install Istio's ambient profile (istioctl install --set profile=ambient, or the ztunnel and istio-cni Helm charts)";
            return new CheckResult(CheckName, subject, @case, Verdict.Fail,
                $"expected a {name} DaemonSet for ambient mode; observed none (neither {name} in {Manifests.Topology.IstioMetadata.RootNamespace} nor a DaemonSet labelled " +
                $"{(name == LiveClusterReader.ZtunnelName ? LiveClusterReader.ZtunnelSelector : LiveClusterReader.IstioCniSelector)}). Remedy: {install}",
                install);
        }

        var readyNodes = daemonSet.Pods.Where(p => p.Ready && p.Node is not null).Select(p => p.Node!).ToHashSet(StringComparer.Ordinal);
        var missing = cluster.Nodes.Where(n => !readyNodes.Contains(n)).ToList();
        var problems = new List<string>();
        if (daemonSet.Ready < daemonSet.Desired)
        {
            problems.Add($"{daemonSet.Ready} of {daemonSet.Desired} desired pods ready");
        }

        if (missing.Count > 0)
        {
            problems.Add($"no ready pod on node{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}");
        }

        if (problems.Count == 0)
        {
            return new CheckResult(CheckName, subject, @case, Verdict.Pass,
                $"{daemonSet}: {daemonSet.Ready} of {daemonSet.Desired} ready, one on each of the {cluster.Nodes.Count} nodes");
        }

        var remedy = $"look at the {name} pods (kubectl -n {daemonSet.Namespace} get pods -o wide -l {(name == LiveClusterReader.ZtunnelName ? LiveClusterReader.ZtunnelSelector : LiveClusterReader.IstioCniSelector)}; " +
                     "kubectl describe on the missing nodes: taints the DaemonSet does not tolerate, resources, image pulls)";
        return new CheckResult(CheckName, subject, @case, Verdict.Fail,
            $"expected a ready {name} pod on every node ({cluster.Nodes.Count}); observed {string.Join("; ", problems)}. Remedy: {remedy}", remedy);
    }
}
