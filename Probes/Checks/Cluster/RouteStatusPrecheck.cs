using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.Probes.Verdicts;
using static AmbientVerify.Probes.Checks.Cluster.ClusterPrecheckConstants;

namespace AmbientVerify.Probes.Checks.Cluster;

/// <summary>
/// What the gateway's controller says about each HTTPRoute whose parentRefs name the main Gateway: its
/// <c>status.parents[]</c> entry for that Gateway must carry <c>Accepted=True</c> and <c>ResolvedRefs=True</c>
/// (gateway-api <c>apis/v1/httproute_types.go</c> <c>RouteStatus</c>, conditions and reasons in
/// <c>apis/v1/shared_types.go</c>: NotAllowedByListeners, NoMatchingListenerHostname, NoMatchingParent,
/// RefNotPermitted, BackendNotFound, …). A route not accepted is not served, whatever the manifests say.
/// </summary>
public static class RouteStatusPrecheck
{
    public static IReadOnlyList<CheckResult> Judge(LiveCluster cluster, IngressGateway gateway)
    {
        if (gateway.Api != IngressApi.GatewayApi)
        {
            return [];
        }

        var results = new List<CheckResult>();
        var gatewayRef = gateway.Ref;
        foreach (var route in cluster.Manifests.HttpRoutes
                     .Where(r => r.ParentRefs.Any(p => p.Kind == "Gateway" && p.Name == gatewayRef.Name && (p.Namespace ?? r.Ref.Namespace) == gatewayRef.Namespace))
                     .OrderBy(r => r.Ref.Namespace, StringComparer.Ordinal).ThenBy(r => r.Ref.Name, StringComparer.Ordinal))
        {
            var subject = new Subject("HTTPRoute", $"{route.Ref.Namespace}/{route.Ref.Name}");
            var status = cluster.HttpRouteStatuses.FirstOrDefault(s => s.Namespace == route.Ref.Namespace && s.Name == route.Ref.Name);
            var parents = status?.Parents.Where(p => p.ParentKind == "Gateway" && p.ParentName == gatewayRef.Name && p.ParentNamespace == gatewayRef.Namespace).ToList() ?? [];
            var parent = $"Gateway {gatewayRef.Namespace}/{gatewayRef.Name}";
            if (parents.Count == 0)
            {
                var remedy = $"check that istiod runs and serves the class of {parent} (kubectl get gatewayclass; kubectl -n {route.Ref.Namespace} describe httproute {route.Ref.Name})";
                results.Add(new CheckResult(CheckName, subject, RouteAcceptedCase, Verdict.Fail,
                    $"expected {parent} to report Accepted=True and ResolvedRefs=True in the route's status.parents; observed no status for that parent (no controller has taken the route). Remedy: {remedy}",
                    remedy));
                continue;
            }

            var problems = parents
                .SelectMany(p => new[] { AcceptedCondition, ResolvedRefsCondition }.Select(type => (Parent: p, Type: type, Condition: p.Condition(type))))
                .Where(x => x.Condition is not { IsTrue: true })
                .Select(x => x.Condition is { } c
                    ? $"{x.Type}={c.Status} reason {c.Reason ?? "(none)"}: {c.Message ?? "(no message)"}{Section(x.Parent)}"
                    : $"no {x.Type} condition{Section(x.Parent)}")
                .ToList();
            if (problems.Count == 0)
            {
                results.Add(new CheckResult(CheckName, subject, RouteAcceptedCase, Verdict.Pass, $"{parent} accepted the route and resolved its references"));
                continue;
            }

            var fix = $"fix what the condition says (kubectl -n {route.Ref.Namespace} describe httproute {route.Ref.Name}): a route not accepted is not served, and a reference not resolved answers 500";
            results.Add(new CheckResult(CheckName, subject, RouteAcceptedCase, Verdict.Fail,
                $"expected {parent} to report Accepted=True and ResolvedRefs=True; observed {string.Join("; ", problems)}. Remedy: {fix}", fix));
        }

        return results;
    }

    private static string Section(LiveRouteParentStatus parent) => parent.SectionName is { } s ? $" (listener {s})" : "";
}
