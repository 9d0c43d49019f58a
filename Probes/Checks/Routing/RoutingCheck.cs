using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Checks.Routing;

/// <summary>
/// What Istio makes of the routes before any traffic: attachment, binding, backends, precedence, channel and what the
/// local gateway does not emulate (the resolver's findings), and whether every route can be probed on its own.
/// </summary>
public static class RoutingCheck
{
    /// <summary>Check name of every routing result in reports and metrics.</summary>
    public const string CheckName = "routing";

    public static readonly CheckCase RouteProbed = new("route-probed", "the route can be probed with a request that only it takes");

    /// <summary>The sentence of <see cref="RouteProbed"/>, for tables and tests.</summary>
    public static string RouteProbedText => RouteProbed.Sentence;

    public static IReadOnlyList<CheckResult> Judge(GatewayRouting routing, IReadOnlyList<ProbeTarget> targets)
    {
        var results = routing.Findings.Select(finding => new CheckResult(
                CheckName,
                new Subject(finding.Subject.Kind, finding.Subject.QualifiedName),
                new CheckCase(finding.RuleId, finding.Rule),
                finding.Verdict switch { FindingVerdict.Pass => Verdict.Pass, FindingVerdict.Gap => Verdict.Gap, _ => Verdict.Fail },
                finding.Message,
                finding.Verdict == FindingVerdict.Fail ? finding.Remedy : null))
            .ToList();

        foreach (var target in targets)
        {
            results.Add(target.Request is { } request
                ? new CheckResult(CheckName, Subject.Route(target.Route), RouteProbed, Verdict.Pass, $"probed with {request}")
                : new CheckResult(CheckName, Subject.Route(target.Route), RouteProbed, Verdict.Fail,
                    $"{target.Route.Source} {target.Route.Match} on {string.Join(", ", target.Route.Domains)}: {target.Problem}",
                    "give the rule a match no earlier rule covers (Istio orders HTTPRoute rules Exact > Prefix > RegularExpression, longer first, then method, headers, query parameters)"));
        }

        // A route in several virtual hosts may answer by itself in one (a host whose server redirects to https) and
        // be probed through another: only a route that never reaches a backend is a gap.
        var probed = targets.Select(t => t.Route.Id).ToHashSet();
        foreach (var route in routing.Routes.Where(r => r.AnswersLocally && !probed.Contains(r.Id)).DistinctBy(r => r.Id))
        {
            results.Add(new CheckResult(CheckName, Subject.Route(route), RouteProbed, Verdict.Gap,
                $"{route.Source} {route.Match} answers by itself ({LocalAnswer(route)}): "
                + "there is no backend behind it whose tries the behaviour matrix could count"));
        }

        return results;
    }

    private static string LocalAnswer(GatewayRoute route) => route.RequiresTls
        ? "its server redirects every plain-HTTP request to https, tls.httpsRedirect"
        : string.Join("; ", route.Actions.Describe().DefaultIfEmpty("no backend with weight above 0: 500"));
}
