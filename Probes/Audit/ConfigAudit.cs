using AmbientVerify.Probes.Checks;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Verdicts;
using static AmbientVerify.Probes.Audit.ConfigAuditConstants;

namespace AmbientVerify.Probes.Audit;

/// <summary>
/// Reads the rendered manifests for what the migration must have changed (ambient) or kept (sidecar). Every finding
/// names the object and its file, and says what to do.
/// </summary>
public static class ConfigAudit
{
    /// <summary>Check name of every audit result in reports and metrics.</summary>
    public const string CheckName = ConfigAuditConstants.CheckName;

    /// <summary>Every route expected to behave by <paramref name="expected"/> (no expectations file).</summary>
    public static IReadOnlyList<CheckResult> Run(MeshManifests manifests, MeshMode expect, ExpectationOptions expected) =>
        Run(manifests, expect, ExpectationsByRoute.Uniform(expected));

    /// <param name="expected">Each route's expectations: a remedy that names the retry to add names the one its route expects.</param>
    public static IReadOnlyList<CheckResult> Run(MeshManifests manifests, MeshMode expect, ExpectationsByRoute expected)
    {
        var results = new List<CheckResult>();
        results.AddRange(expect == MeshMode.Ambient ? AmbientNamespaces(manifests) : SidecarNamespaces(manifests));
        results.AddRange(expect == MeshMode.Ambient ? NoLegacyObjects(manifests) : LegacyObjectsPresent(manifests));
        results.AddRange(RetryAnnotations(manifests, expected));
        results.AddRange(BackendRequestsWithoutRetry(manifests, expected));
        return results;
    }

    private static IEnumerable<CheckResult> AmbientNamespaces(MeshManifests manifests)
    {
        if (manifests.Namespaces.Count == 0)
        {
            yield return NoNamespace(manifests, AmbientNamespace);
            yield break;
        }

        foreach (var ns in manifests.Namespaces)
        {
            if (ns.Assumed)
            {
                yield return Assumed(ns, AmbientNamespace);
                continue;
            }

            var mode = ns.Labels.GetValueOrDefault(AmbientLabel);
            yield return mode == "ambient"
                ? Pass(ns.Ref, AmbientNamespace, $"{ns.Ref} has {AmbientLabel}=ambient")
                : Fail(ns.Ref, AmbientNamespace,
                    $"{ns.Ref} has {(mode is null ? $"no {AmbientLabel} label" : $"{AmbientLabel}={mode}")}: add label {AmbientLabel}: ambient");

            var injection = ns.Labels.GetValueOrDefault(InjectionLabel);
            yield return injection == "enabled"
                ? Fail(ns.Ref, NamespaceNotInjected, $"{ns.Ref} still has {InjectionLabel}=enabled: remove the label (pods would get sidecars, not ztunnel)")
                : Pass(ns.Ref, NamespaceNotInjected, $"{ns.Ref} has no {InjectionLabel}=enabled");
        }
    }

    private static IEnumerable<CheckResult> SidecarNamespaces(MeshManifests manifests)
    {
        if (manifests.Namespaces.Count == 0)
        {
            yield return NoNamespace(manifests, SidecarNamespace);
            yield break;
        }

        foreach (var ns in manifests.Namespaces)
        {
            if (ns.Assumed)
            {
                yield return Assumed(ns, SidecarNamespace);
                continue;
            }

            var injection = ns.Labels.GetValueOrDefault(InjectionLabel);
            yield return injection == "enabled"
                ? Pass(ns.Ref, SidecarNamespace, $"{ns.Ref} has {InjectionLabel}=enabled")
                : Fail(ns.Ref, SidecarNamespace, $"{ns.Ref} has {(injection is null ? $"no {InjectionLabel} label" : $"{InjectionLabel}={injection}")}: set {InjectionLabel}: enabled");
        }
    }

    private static IEnumerable<CheckResult> NoLegacyObjects(MeshManifests manifests)
    {
        var circuitBreakers = manifests.DestinationRules.Where(IsCircuitBreaker).ToList();
        var plainRules = manifests.DestinationRules.Except(circuitBreakers).ToList();

        return Each(manifests.VirtualServices.Select(vs => vs.Ref), NoVirtualService,
                "the plan deletes the VirtualServices: ztunnel applies none of their policy to service-to-service calls, and one bound to the gateway's listener mixes with the HTTPRoutes on its hosts, which Istio's migration guide calls undefined behaviour")
            .Concat(Each(plainRules.Select(dr => dr.Ref), NoDestinationRule,
                "ztunnel does mTLS itself: ISTIO_MUTUAL DestinationRules are not needed"))
            .Concat(Each(circuitBreakers.Select(dr => dr.Ref), NoCircuitBreaker,
                "its connectionPool and outlierDetection still apply to the ingress gateway's connections to the Service (Istio programs them on the gateway's outbound cluster in either mode, cluster_traffic_policy.go), but no longer to service-to-service calls without a waypoint: keep it only for the ingress limits, as a deliberate choice"));
    }

    private static IEnumerable<CheckResult> Each(IEnumerable<ObjectRef> leftOver, CheckCase rule, string why)
    {
        var found = leftOver.ToList();
        if (found.Count == 0)
        {
            return [new CheckResult(CheckName, Subject.AllManifests, rule, Verdict.Pass, "none found")];
        }

        return found.Select(o => Fail(o, rule, $"{o} is left: delete it ({why})"));
    }

    private static IEnumerable<CheckResult> LegacyObjectsPresent(MeshManifests manifests) =>
        manifests.VirtualServices.Select(vs => Pass(vs.Ref, SidecarVirtualService, $"{vs.Ref} present"))
            .Concat(manifests.DestinationRules.Select(dr => Pass(dr.Ref, SidecarDestinationRule, $"{dr.Ref} present")));

    private static IEnumerable<CheckResult> RetryAnnotations(MeshManifests manifests, ExpectationsByRoute expected)
    {
        var annotated = manifests.HttpRoutes
            .Select(r => (Route: r, Keys: r.Annotations.Keys.Where(k => k.StartsWith(RetryAnnotationPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()))
            .Where(x => x.Keys.Count > 0)
            .ToList();
        if (annotated.Count == 0)
        {
            return [new CheckResult(CheckName, Subject.AllManifests, NoRetryAnnotation, Verdict.Pass, "no HTTPRoute carries a retry.istio.io/* annotation")];
        }

        return annotated.Select(x => Fail(x.Route.Ref, NoRetryAnnotation,
            $"{x.Route.Ref} has annotation{(x.Keys.Count == 1 ? "" : "s")} {string.Join(", ", x.Keys)}, which Istio does not read: " +
            // The annotations sit on the object, not a rule: the first rule's expectations speak for it.
            (expected.ForHttpRouteRule(x.Route.Ref.Namespace, x.Route.Ref.Name, 0).Options is { Retries: > 0 } options
                ? $"use {Remedies.ExpectedHttpRouteRetry(options)} and delete the annotations"
                : "delete the annotations (the route is expected not to retry)")));
    }

    private static IEnumerable<CheckResult> BackendRequestsWithoutRetry(MeshManifests manifests, ExpectationsByRoute expected)
    {
        var traps = manifests.HttpRoutes
            .SelectMany(r => r.Rules.Select(rule => (Route: r, Rule: rule)))
            .Where(x => x.Rule.Timeouts?.BackendRequest is not null && x.Rule.Retry is null)
            .ToList();
        if (traps.Count == 0)
        {
            return [new CheckResult(CheckName, Subject.AllManifests, NoBackendRequestWithoutRetry, Verdict.Pass, "no rule sets backendRequest without retry")];
        }

        return traps.Select(x => Fail(x.Route.Ref, NoBackendRequestWithoutRetry,
            $"{x.Route.Ref} rule {x.Rule.Index} sets timeouts.backendRequest {Durations.Format(x.Rule.Timeouts!.BackendRequest!.Value)} without retry: " +
            $"it replaces the request timeout, so every request ends then; remove it" +
            // A route expected not to retry gets no retry to add: the CRD refuses attempts 0.
            (expected.ForHttpRouteRule(x.Route.Ref.Namespace, x.Route.Ref.Name, x.Rule.Index).Options is { Retries: > 0 } options
                ? $" or add {Remedies.ExpectedHttpRouteRetry(options)}"
                : "")));
    }

    private static bool IsCircuitBreaker(DestinationRuleManifest rule) => rule.HasConnectionPool || rule.HasOutlierDetection;

    private static CheckResult NoNamespace(MeshManifests manifests, CheckCase rule) =>
        new(CheckName, Subject.AllManifests, rule, Verdict.Error,
            $"no Namespace object in {manifests.SourceDirectory}: the dataplane labels cannot be checked (render the namespace template too)");

    /// <summary>A namespace the chart does not render: what the run assumed is a gap to confirm on the cluster, not a pass.</summary>
    private static CheckResult Assumed(NamespaceManifest ns, CheckCase rule) =>
        new(CheckName, Describe(ns.Ref), rule, Verdict.Gap, AssumedNamespace.Describe(ns.Ref.Name, ns.Labels), remedy: AssumedNamespace.Remedy(ns.Ref.Name));

    private static CheckResult Pass(ObjectRef o, CheckCase rule, string message) =>
        new(CheckName, Describe(o), rule, Verdict.Pass, message);

    private static CheckResult Fail(ObjectRef o, CheckCase rule, string message) =>
        new(CheckName, Describe(o), rule, Verdict.Fail, message, remedy: message);

    private static Subject Describe(ObjectRef o) => new(o.Kind, o.QualifiedName);
}
