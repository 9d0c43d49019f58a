using AmbientVerify.Manifests.Versions;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Reporting;

/// <summary>One run of the checks: what was checked against what, when, and every result.</summary>
/// <param name="Target">"local" or "cluster" (a label).</param>
/// <param name="Mode">The expected mesh mode ("ambient" or "sidecar").</param>
/// <param name="Problem">Why the run could not start (bad manifests, unreachable gateway); null when it ran.</param>
public sealed record RunReport(
    string Target,
    string Mode,
    string Gateway,
    string ManifestsDirectory,
    DateTimeOffset Started,
    TimeSpan Duration,
    IReadOnlyList<CheckResult> Results,
    string? Problem = null)
{
    /// <summary>The Istio version and Gateway API channel the verdicts assume; null when the run stopped before reading the manifests.</summary>
    public MeshVersions? Versions { get; init; }

    /// <summary>Which ingress the local gateway emulated ("Istio ingress proxy istio=ingressgateway in istio-system with Istio Gateway …"); null before it was chosen.</summary>
    public string? EmulatedGateway { get; init; }

    /// <summary>The expectations file given (<c>--expectations</c>), as the user named it; null: the plan's values only.</summary>
    public string? ExpectationsFile { get; init; }

    /// <summary>Which expectations each probed route was judged by and where they came from; empty when the run stopped before.</summary>
    public IReadOnlyList<AppliedExpectations> Expectations { get; init; } = [];

    public int Count(Verdict verdict) => Results.Count(r => r.Verdict == verdict);

    /// <summary>Results grouped per check and subject, in first-seen order (a JUnit suite, a report section).</summary>
    public IEnumerable<IGrouping<(string Check, Subject Subject), CheckResult>> Groups() =>
        Results.GroupBy(r => (r.Check, r.Subject));
}

/// <summary>One route's expectations as reports show them.</summary>
/// <param name="Route">The route as its results name it.</param>
public sealed record AppliedExpectations(Subject Route, RouteExpectations Expectations);
