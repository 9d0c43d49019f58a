using System.Text.Json.Nodes;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Running;

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>
/// Builds a run's <see cref="TwinPlan"/>: the stand-ins, the twin of each probe target's route (from the live object),
/// and the check that the gateway would give each twin's request to that twin and to no other route.
/// </summary>
internal sealed class TwinPlanner(TwinObjectApi api)
{
    public async Task<TwinPlan> PlanAsync(TwinRun run, MeshManifests live, GatewayRouting routing, IReadOnlyList<ProbeTarget> targets, TwinOptions options,
        CancellationToken ct)
    {
        var notes = new List<string>();
        var candidates = new List<GatewayRoute>();
        foreach (var target in targets)
        {
            var route = target.Route;
            if (target.Request is null)
            {
                notes.Add($"{route.Name}: not twinned: it has no probe request of its own ({target.Problem})");
            }
            else if (route.Source.Namespace != options.Namespace)
            {
                notes.Add($"{route.Name}: not twinned: {route.Source.Kind} {route.Source.QualifiedName} is outside namespace {options.Namespace}, where the twins and the FaultTarget go");
            }
            else if (route.Backends.All(b => b.State != BackendState.Resolved))
            {
                notes.Add($"{route.Name}: not twinned: no backend resolves ({string.Join(", ", route.Backends)})");
            }
            else
            {
                candidates.Add(route);
            }
        }

        var standIns = StandIns(live, candidates, run, options);
        var drafts = new List<(GatewayRoute Route, string Name, TwinKind Kind, JsonObject Twin)>();
        var liveObjects = new Dictionary<string, JsonObject?>();
        foreach (var route in candidates)
        {
            var kind = route.Kind == RouteKind.HTTPRoute ? TwinKind.HttpRoute : TwinKind.VirtualService;
            var key = $"{kind.Resource}/{route.Source.QualifiedName}";
            if (!liveObjects.TryGetValue(key, out var liveObject))
            {
                // The rule's JSON as the API server stores it: fields the manifest model does not carry are copied too.
                liveObject = liveObjects[key] = await api.GetAsync(kind, route.Source.Namespace, route.Source.Name, ct).ConfigureAwait(false);
            }

            if (liveObject is null)
            {
                notes.Add($"{route.Name}: not twinned: {kind.Kind} {route.Source.QualifiedName} is gone from the cluster (deleted since it was read)");
                continue;
            }

            var name = TwinNames.Route(run.RunId, route.Source.Name, route.Id.Rule, route.Id.Match);
            var draft = kind == TwinKind.HttpRoute
                ? HttpRouteTwin.Build(liveObject, route, name, run, options, standIns)
                : VirtualServiceTwin.Build(liveObject, route, name, run, options, standIns);
            notes.AddRange(draft.Notes);
            if (draft.Twin is null)
            {
                notes.Add($"{route.Name}: not twinned: {draft.WhyNot}");
                continue;
            }

            drafts.Add((route, name, kind, draft.Twin));
        }

        var services = standIns.Values.ToDictionary(s => s.QualifiedName, s => FaultTargetObjects.Service(run, options, s));
        var twinRouting = Resolve(live, routing, [.. services.Values, .. drafts.Select(d => d.Twin)]);
        var twins = new List<TwinRoute>();
        var kept = new List<JsonObject>();
        foreach (var (route, name, kind, twin) in drafts)
        {
            var instances = twinRouting.Routes.Where(r => r.Source.Kind == kind.Kind && r.Source.Namespace == route.Source.Namespace && r.Source.Name == name).ToList();
            var attempts = instances.Select(r => ProbeTargets.For(twinRouting, r)).ToList();
            var reached = attempts.FirstOrDefault(a => a.Request is not null);
            if (reached?.Request is null)
            {
                var why = attempts.FirstOrDefault()?.Problem
                          ?? twinRouting.Findings.FirstOrDefault(f => f.ToString().Contains(name, StringComparison.Ordinal))?.ToString()
                          ?? "the gateway would not serve it (it attaches to no listener of the main gateway)";
                notes.Add($"{route.Name}: not twinned: twin {name} would not get its own request: {Redact(why, run)}");
                continue;
            }

            var answersAs = route.Backends.Where(b => b.State == BackendState.Resolved).Select(b => $"{b.Namespace}/{b.Service}").Distinct().ToList();
            twins.Add(new TwinRoute(route, name, new ProbeTarget(route, reached.Request, null)) { AnswersAs = answersAs });
            kept.Add(twin);
        }

        var used = twins.SelectMany(t => t.AnswersAs).ToHashSet();
        var usedStandIns = standIns.Values.Where(s => used.Contains(s.QualifiedName)).ToList();
        var objects = twins.Count == 0
            ? new List<JsonObject>()
            : [.. usedStandIns.Select(s => services[s.QualifiedName]), FaultTargetObjects.Deployment(run, options, usedStandIns), .. kept];
        return new TwinPlan(run, options.Namespace, twins, objects, notes) { Options = options, StandIns = usedStandIns };
    }

    /// <summary>The secret replaced wherever a message of the routing (a header match, a request) would show it.</summary>
    public static string Redact(string text, TwinRun run) => text.Replace(run.Secret, TwinRun.RedactedSecret, StringComparison.Ordinal);

    /// <summary>
    /// One stand-in per original backend Service of the candidates, its listener port (8081, 8082, … in name order), and
    /// the port numbers the routes send to it (else the Service's own ports, else 80, a backendRef's default).
    /// </summary>
    private static Dictionary<string, StandIn> StandIns(MeshManifests live, IReadOnlyList<GatewayRoute> routes, TwinRun run, TwinOptions options)
    {
        var backends = routes.SelectMany(r => r.Backends).Where(b => b.State == BackendState.Resolved)
            .GroupBy(b => (b.Namespace, b.Service))
            .OrderBy(g => g.Key.Namespace, StringComparer.Ordinal).ThenBy(g => g.Key.Service, StringComparer.Ordinal)
            .ToList();
        var result = new Dictionary<string, StandIn>();
        for (var i = 0; i < backends.Count; i++)
        {
            var (ns, service) = backends[i].Key;
            var ports = backends[i].Select(b => b.Destination.Port).OfType<int>().Distinct().Order().ToList();
            if (ports.Count == 0)
            {
                ports = live.Services.FirstOrDefault(s => s.Ref.Namespace == ns && s.Ref.Name == service)?.Ports.Select(p => p.Port).Distinct().Order().ToList() ?? [];
            }

            var twinService = TwinNames.Service(run.RunId, ns == options.Namespace ? service : $"{ns}-{service}");
            result[$"{ns}/{service}"] = new StandIn(ns, service, twinService, options.FirstListenerPort + i, ports.Count > 0 ? ports : [80]);
        }

        return result;
    }

    /// <summary>The gateway's routes with the twins added, as Istio would resolve them (same gateway, same versions).</summary>
    private static GatewayRouting Resolve(MeshManifests live, GatewayRouting routing, IReadOnlyList<JsonObject> planned)
    {
        if (planned.Count == 0)
        {
            return routing;
        }

        var twins = MeshManifests.Parse(TwinYaml.Documents(planned), "planned twins");
        var merged = live with
        {
            Services = [.. live.Services, .. twins.Services],
            HttpRoutes = [.. live.HttpRoutes, .. twins.HttpRoutes],
            VirtualServices = [.. live.VirtualServices, .. twins.VirtualServices],
        };
        return GatewayRoutes.Resolve(merged, routing.Gateway, routing.Versions);
    }
}
