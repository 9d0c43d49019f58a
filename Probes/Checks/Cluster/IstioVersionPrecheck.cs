using System.Globalization;
using AmbientVerify.Manifests.Versions;
using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.Probes.Verdicts;
using static AmbientVerify.Probes.Checks.Cluster.ClusterPrecheckConstants;

namespace AmbientVerify.Probes.Checks.Cluster;

/// <summary>
/// HTTPRoute <c>retry</c> is translated from Istio 1.25 (istio/istio <c>pilot/pkg/config/kube/gateway/conversion.go</c>,
/// <c>if r.Retry != nil</c> in the HTTPRoute conversion; before 1.25 the stanza is ignored and Istio's default policy
/// applies). An Istio version that cannot be told is an error, never a pass.
/// </summary>
public static class IstioVersionPrecheck
{
    public static CheckResult Judge(LiveCluster cluster, IstioVersion? overridden)
    {
        var subject = Subject.Set("Istio control plane");
        var retryRoutes = RetryUse.Routes(cluster);
        (int Major, int Minor)? version;
        string source;
        if (overridden is { } given)
        {
            version = (given.Major, given.Minor);
            source = $"--istio-version {given}" + (cluster.IstioVersion.Text is { } live ? $" (the cluster's istiod says {live})" : "");
        }
        else
        {
            version = Parse(cluster.IstioVersion.Text);
            source = cluster.IstioVersion.Source;
        }

        if (version is not { } known)
        {
            return new CheckResult(CheckName, subject, IstioVersionCase, Verdict.Error,
                $"could not look: the Istio version could not be told ({cluster.IstioVersion.Source}); pass --istio-version with the control plane's version");
        }

        var text = $"{known.Major}.{known.Minor}";
        if (retryRoutes.Count == 0)
        {
            return new CheckResult(CheckName, subject, IstioVersionCase, Verdict.Pass, $"Istio {text} ({source}); no HTTPRoute uses retry");
        }

        if (known.CompareTo(HttpRouteRetryFrom) >= 0)
        {
            return new CheckResult(CheckName, subject, IstioVersionCase, Verdict.Pass,
                $"Istio {text} ({source}) honours HTTPRoute retry, which {RetryUse.Names(retryRoutes)} use");
        }

        var remedy = $"upgrade Istio to {HttpRouteRetryFrom.Major}.{HttpRouteRetryFrom.Minor} or later, or express the retries in a VirtualService bound to the gateway";
        return new CheckResult(CheckName, subject, IstioVersionCase, Verdict.Fail,
            $"expected Istio {HttpRouteRetryFrom.Major}.{HttpRouteRetryFrom.Minor}+ because {RetryUse.Names(retryRoutes)} use spec.rules[].retry; observed Istio {text} ({source}), " +
            $"which ignores HTTPRoute retry (Istio's default retry policy applies instead). Remedy: {remedy}",
            remedy);
    }

    /// <summary>Major and minor of "1.26.2" / "1.24"; null when not a version.</summary>
    public static (int Major, int Minor)? Parse(string? text)
    {
        var parts = text?.Trim().TrimStart('v').Split('.') ?? [];
        return parts.Length >= 2
               && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? (major, minor)
            : null;
    }
}
