using System.Text.Json.Nodes;
using AmbientVerify.Manifests.Routing;

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>
/// The twin of one VirtualService http route: a new VirtualService with the original's hosts, gateways and exportTo
/// and one http route — a copy of the live one (retries, timeout, fault, headers, rewrite, corsPolicy, …) with the
/// match moved under <c>/__ambientverify/&lt;service&gt;</c> and the run's secret header, and each destination's host
/// the twin Service (istio/api <c>virtual_service.proto</c> HTTPRoute, HTTPMatchRequest, StringMatch).
/// </summary>
internal static class VirtualServiceTwin
{
    public static TwinDraft Build(JsonObject live, GatewayRoute route, string name, TwinRun run, TwinOptions options, IReadOnlyDictionary<string, StandIn> standIns)
    {
        var http = live["spec"]?["http"]?.AsArray();
        if (http is null || route.Id.Rule >= http.Count || http[route.Id.Rule] is not JsonObject original)
        {
            return TwinDraft.Not($"the live {route.Source.Kind} {route.Source.QualifiedName} has no http route {route.Id.Rule} (it changed since it was read): run again");
        }

        if (original["delegate"] is not null)
        {
            return TwinDraft.Not($"{route.Name}: a delegating http route has no destinations of its own to stand in for");
        }

        var notes = new List<string>();
        var twinRoute = (JsonObject)original.DeepClone();
        twinRoute.Remove("name");
        foreach (var mirrorField in new[] { "mirror", "mirrors", "mirrorPercentage", "mirror_percent", "mirrorPercent" })
        {
            if (twinRoute.Remove(mirrorField))
            {
                notes.Add($"{route.Name}: {mirrorField} left out of the twin (it would copy fault traffic to a real Service)");
            }
        }

        var matches = original["match"]?.AsArray();
        var match = matches is { Count: > 0 } && route.Id.Match < matches.Count && matches[route.Id.Match] is JsonObject m
            ? (JsonObject)m.DeepClone()
            : new JsonObject();
        match.Remove("name");
        var service = route.Backends.FirstOrDefault()?.Service ?? "backend";
        match["uri"] = TwinUri(match["uri"] as JsonObject, service);
        var headers = match["headers"] as JsonObject ?? [];
        headers[TwinLabels.RunHeader] = new JsonObject { ["exact"] = run.Secret };
        match["headers"] = headers.DeepClone();
        twinRoute["match"] = new JsonArray(match);

        var destinations = new JsonArray();
        var resolved = route.VirtualServiceRoute?.Destinations ?? [];
        var written = (original["route"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        for (var i = 0; i < written.Count; i++)
        {
            // The reader keeps route[] in order: the i-th destination it resolved is the i-th written one.
            var destination = i < resolved.Count ? resolved[i] : null;
            if (destination is null || !standIns.TryGetValue($"{destination.Namespace}/{destination.Service}", out var standIn))
            {
                continue;
            }

            var twinDestination = (JsonObject)written[i].DeepClone();
            var target = twinDestination["destination"] as JsonObject ?? [];
            target["host"] = standIn.TwinService;
            target.Remove("subset");
            twinDestination["destination"] = target.DeepClone();
            destinations.Add(twinDestination);
        }

        if (destinations.Count == 0)
        {
            return TwinDraft.Not($"{route.Name}: no destination resolves to a Service the FaultTarget can stand in for");
        }

        twinRoute["route"] = destinations;
        var spec = new JsonObject
        {
            ["hosts"] = live["spec"]?["hosts"]?.DeepClone(),
            ["gateways"] = live["spec"]?["gateways"]?.DeepClone(),
            ["http"] = new JsonArray(twinRoute),
        };
        if (live["spec"]?["exportTo"] is { } exportTo)
        {
            spec["exportTo"] = exportTo.DeepClone();
        }

        var twin = new JsonObject
        {
            ["apiVersion"] = live["apiVersion"]?.DeepClone() ?? TwinKind.VirtualService.ApiVersion,
            ["kind"] = TwinKind.VirtualService.Kind,
            ["metadata"] = TwinMetadata.For(run, options, name, route.Source.Namespace, HttpRouteTwin.CopiedAnnotations(live)),
            ["spec"] = spec,
        };
        return new TwinDraft(twin, null, notes);
    }

    /// <summary>The original uri match under the twin prefix, same kind (exact, prefix, regex); none means prefix "/".</summary>
    private static JsonObject TwinUri(JsonObject? uri, string service)
    {
        if (uri?["exact"]?.GetValue<string>() is { } exact)
        {
            return new JsonObject { ["exact"] = TwinPaths.Literal(service, exact) };
        }

        if (uri?["regex"]?.GetValue<string>() is { } regex)
        {
            return new JsonObject { ["regex"] = TwinPaths.Regex(service, regex) };
        }

        return new JsonObject { ["prefix"] = TwinPaths.Literal(service, uri?["prefix"]?.GetValue<string>() ?? "/") };
    }
}
