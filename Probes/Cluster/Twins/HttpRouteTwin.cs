using System.Text.Json.Nodes;
using AmbientVerify.Manifests.Routing;

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>A twin object of one route, or why none can be made; <see cref="Notes"/> say what a twin leaves out.</summary>
internal sealed record TwinDraft(JsonObject? Twin, string? WhyNot, IReadOnlyList<string> Notes)
{
    public static TwinDraft Not(string why) => new(null, why, []);
}

/// <summary>
/// The twin of one HTTPRoute rule (DESIGN §4): a new HTTPRoute with the original's parentRefs, hostnames and
/// annotations and one rule — a copy of the live rule's JSON (timeouts, retry, filters, sessionPersistence, …) with the
/// original match moved under <c>/__ambientverify/&lt;service&gt;</c>, the run's secret header added, and its
/// backendRefs sent to the twin Services (weights and ports kept).
/// </summary>
internal static class HttpRouteTwin
{
    public static TwinDraft Build(JsonObject live, GatewayRoute route, string name, TwinRun run, TwinOptions options, IReadOnlyDictionary<string, StandIn> standIns)
    {
        var rules = live["spec"]?["rules"]?.AsArray();
        if (rules is null || route.Id.Rule >= rules.Count || rules[route.Id.Rule] is not JsonObject rule)
        {
            return TwinDraft.Not($"the live {route.Source.Kind} {route.Source.QualifiedName} has no rule {route.Id.Rule} (it changed since it was read): run again");
        }

        var notes = new List<string>();
        var twinRule = (JsonObject)rule.DeepClone();
        twinRule.Remove("name");

        var matches = rule["matches"]?.AsArray();
        var match = matches is { Count: > 0 } && route.Id.Match < matches.Count && matches[route.Id.Match] is JsonObject m
            ? (JsonObject)m.DeepClone()
            : new JsonObject();
        var service = route.Backends.FirstOrDefault()?.Service ?? "backend";
        match["path"] = TwinPath(match["path"] as JsonObject, service);
        var headers = match["headers"] as JsonArray ?? [];
        headers.Add(new JsonObject { ["type"] = "Exact", ["name"] = TwinLabels.RunHeader, ["value"] = run.Secret });
        match["headers"] = headers.DeepClone();
        twinRule["matches"] = new JsonArray(match);

        if (twinRule["filters"] is JsonArray filters)
        {
            twinRule["filters"] = WithoutMirrors(filters, $"{route.Name} rule {route.Id.Rule}", notes);
        }

        var backendRefs = new JsonArray();
        foreach (var backendRef in (rule["backendRefs"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var kind = backendRef["kind"]?.GetValue<string>() ?? "Service";
            var group = backendRef["group"]?.GetValue<string>() ?? "";
            if (kind != "Service" || group.Length > 0)
            {
                return TwinDraft.Not($"{route.Name}: backendRef kind {group}/{kind} is not a Service: the FaultTarget can only stand in for Services");
            }

            var ns = backendRef["namespace"]?.GetValue<string>() ?? route.Source.Namespace;
            var original = $"{ns}/{backendRef["name"]?.GetValue<string>()}";
            if (!standIns.TryGetValue(original, out var standIn))
            {
                // A backend Istio skips (weight 0, not found): the twin has no stand-in for it either.
                continue;
            }

            var twinRef = (JsonObject)backendRef.DeepClone();
            twinRef["name"] = standIn.TwinService;
            twinRef.Remove("namespace");
            if (twinRef["filters"] is JsonArray refFilters)
            {
                twinRef["filters"] = WithoutMirrors(refFilters, $"{route.Name} backendRef {original}", notes);
            }

            backendRefs.Add(twinRef);
        }

        if (backendRefs.Count == 0)
        {
            return TwinDraft.Not($"{route.Name}: no backendRef of the rule resolves to a Service the FaultTarget can stand in for");
        }

        twinRule["backendRefs"] = backendRefs;

        var spec = new JsonObject { ["parentRefs"] = live["spec"]?["parentRefs"]?.DeepClone() };
        if (live["spec"]?["hostnames"] is { } hostnames)
        {
            spec["hostnames"] = hostnames.DeepClone();
        }

        spec["rules"] = new JsonArray(twinRule);
        var twin = new JsonObject
        {
            ["apiVersion"] = live["apiVersion"]?.DeepClone() ?? TwinKind.HttpRoute.ApiVersion,
            ["kind"] = TwinKind.HttpRoute.Kind,
            ["metadata"] = TwinMetadata.For(run, options, name, route.Source.Namespace, CopiedAnnotations(live)),
            ["spec"] = spec,
        };
        return new TwinDraft(twin, null, notes);
    }

    /// <summary>
    /// The original match's path under the twin prefix, same type. A URLRewrite ReplacePrefixMatch keeps its meaning:
    /// Istio turns it into the route's <c>rewrite.uri</c> (conversion.go <c>createRewriteFilter</c>), which Envoy applies
    /// as a prefix_rewrite of the prefix the route matched — the twin's longer prefix — so the backend sees the same path
    /// as through the original. ReplaceFullPath replaces the whole path either way.
    /// </summary>
    private static JsonObject TwinPath(JsonObject? path, string service)
    {
        var type = path?["type"]?.GetValue<string>() ?? "PathPrefix";
        var value = path?["value"]?.GetValue<string>() ?? "/";
        return new JsonObject
        {
            ["type"] = type,
            ["value"] = type == "RegularExpression" ? TwinPaths.Regex(service, value) : TwinPaths.Literal(service, value),
        };
    }

    /// <summary>RequestMirror would send copies of the harness's faulted requests to a real Service: left out, and said.</summary>
    private static JsonArray WithoutMirrors(JsonArray filters, string where, List<string> notes)
    {
        var kept = new JsonArray();
        foreach (var filter in filters.OfType<JsonObject>())
        {
            if (filter["type"]?.GetValue<string>() == "RequestMirror")
            {
                var target = filter["requestMirror"]?["backendRef"]?["name"]?.GetValue<string>() ?? "?";
                notes.Add($"{where}: RequestMirror filter to {target} left out of the twin (it would copy fault traffic to a real Service)");
                continue;
            }

            kept.Add(filter.DeepClone());
        }

        return kept;
    }

    /// <summary>The original's annotations as they are (retry.istio.io/* too: "the same manifests"), without kubectl's copy of the whole object.</summary>
    internal static JsonObject? CopiedAnnotations(JsonObject live)
    {
        if (live["metadata"]?["annotations"] is not JsonObject annotations)
        {
            return null;
        }

        var copy = (JsonObject)annotations.DeepClone();
        copy.Remove("kubectl.kubernetes.io/last-applied-configuration");
        return copy;
    }
}
