using System.Reflection;
using AmbientVerify.Probes.Checks.Cluster;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Checks.Cluster;

/// <summary>The cluster prechecks' ids, which reports, JUnit and CI history key on: the table fails when one changes, appears or goes.</summary>
public sealed class ClusterPrecheckIdsTests
{
    [Fact]
    public void The_prechecks_declare_exactly_these_ids()
    {
        var declared = typeof(ClusterPrecheckConstants).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(CheckCase))
            .Select(f => ((CheckCase)f.GetValue(null)!).Id)
            .Order(StringComparer.Ordinal);

        Assert.Equal("cluster-precheck", ClusterPrecheckConstants.CheckName);
        Assert.Equal(
            ["api-served", "gateway-api-crds-declare-retry", "istio-cni-ready-on-every-node", "istio-version-honours-httproute-retry",
             "object-not-emulated", "peer-authentication-strict", "route-accepted-by-gateway", "ztunnel-ready-on-every-node"],
            declared);
    }
}
