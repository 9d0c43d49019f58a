using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Versions;

namespace AmbientVerify.Manifests.Routing;

/// <summary>
/// Resolves the routes of one ingress gateway the way Istio programs its Envoy, in five steps:
/// <list type="number">
/// <item>servers: a Gateway API Gateway's listeners as Istio Gateway servers with internal names, or the servers of
/// every Istio Gateway that applies to the ingress proxy (<see cref="IngressGateway"/>, <see cref="ListenerServer"/>);</item>
/// <item>HTTPRoutes → one generated VirtualService per listener and hostname, merged across routes and sorted by
/// Gateway API precedence (<c>route_collections.go</c> <c>HTTPRouteCollection</c>, <c>mergeHTTPRoutes</c>);</item>
/// <item>VirtualServices bound to a listener's internal name (<c>push_context.go</c> <c>VirtualServicesForGateway</c>:
/// private, exported, same-namespace HTTPRoute-derived, then all other public ones);</item>
/// <item>virtual hosts: each VirtualService's routes appended under every hostname its hosts share with the server,
/// catch-alls last, identical hosts collapsed (<c>gateway.go</c> <c>buildGatewayHTTPRouteConfig</c>);</item>
/// <item>backends (weights, missing Services, ReferenceGrants) and findings for everything that does not do what the
/// manifest suggests.</item>
/// </list>
/// </summary>
public static class RouteResolver
{
    public static GatewayRouting Resolve(MeshManifests manifests, IngressGateway gateway, MeshVersions versions)
    {
        var findings = new List<RoutingFinding>();
        GatewayFindings(manifests, gateway, findings);
        var servers = gateway.Servers(manifests, versions.Istio);
        var derived = DerivedVirtualServices(manifests, gateway, servers, versions, findings);
        var bound = BoundVirtualServices(manifests, gateway, servers, versions, findings);

        // The local gateway listens on one port: it serves the HTTP servers of the port with the most routes that reach
        // a backend (a server that redirects to https sends none there).
        var port = servers.Where(s => s.IsPlainHttp)
            .GroupBy(s => s.Port)
            .OrderByDescending(p => p.Where(s => !s.HttpsRedirect).Sum(s => derived.Count(d => d.Server == s) + bound.Count(b => b.Server == s)))
            .ThenBy(p => p.Key)
            .Select(p => (int?)p.Key)
            .FirstOrDefault();
        var served = servers.Where(s => s.IsPlainHttp && s.Port == port).ToList();
        foreach (var server in served.Where(s => s.HttpsRedirect))
        {
            findings.Add(new RoutingFinding(RoutingRules.ListenerEmulated, RoutingRules.ListenerEmulatedText, FindingVerdict.Gap, gateway.Ref,
                $"{server.Describe} sets tls.httpsRedirect: Envoy answers every plain-HTTP request for {string.Join(", ", server.Hosts)} "
                + "with a 301 to https, and the https server's routes are not served locally (TLS termination is not emulated)"));
        }

        foreach (var server in servers.Where(s => !s.IsPlainHttp || s.Port != port))
        {
            findings.Add(new RoutingFinding(RoutingRules.ListenerEmulated, RoutingRules.ListenerEmulatedText, FindingVerdict.Gap, gateway.Ref,
                $"{server.Describe} is not served by the local gateway "
                + (server.IsPlainHttp ? $"(it serves port {port} only)" : "(TLS termination is not emulated)")
                + ": routes bound only to it are not probed"));
        }

        var hosts = VirtualHosts(served, derived, bound, gateway);
        var virtualHosts = Routes(manifests, hosts, findings);
        MixedHosts(virtualHosts.SelectMany(v => v.Routes).ToList(), findings);
        return new GatewayRouting(gateway, versions, port, virtualHosts, findings);
    }

    /// <summary>Which gateway was emulated and on what assumptions, and whether Istio serves it at all.</summary>
    private static void GatewayFindings(MeshManifests manifests, IngressGateway gateway, List<RoutingFinding> findings)
    {
        findings.Add(new RoutingFinding(RoutingRules.GatewayEmulated, RoutingRules.GatewayEmulatedText,
            gateway.Assumption is null ? FindingVerdict.Pass : FindingVerdict.Gap, gateway.Ref,
            $"emulated the {gateway.Describe()}" + (gateway.Assumption is { } assumed ? $"; {assumed}: check it on the cluster" : "")));
        if (gateway.GatewayApiGateway is not { } api)
        {
            return;
        }

        // Istio serves the classes whose controllerName is its own, and creates its built-in classes itself
        // (pilot/pkg/config/kube/gatewaycommon: builtinClasses "istio", "istio-remote", "istio-waypoint", "istio-east-west").
        var gatewayClass = manifests.GatewayClasses.FirstOrDefault(c => c.Ref.Name == api.GatewayClassName);
        var controller = gatewayClass?.ControllerName;
        var istios = controller is not null ? controller.StartsWith(IstioGatewayController, StringComparison.Ordinal)
            : IstioBuiltinClasses.Contains(api.GatewayClassName);
        if (!istios)
        {
            findings.Add(new RoutingFinding(RoutingRules.GatewayEmulated, RoutingRules.GatewayEmulatedText, FindingVerdict.Gap, api.Ref,
                controller is not null
                    ? $"{api.Ref} has class {api.GatewayClassName}, which controller {controller} serves, not Istio: the local gateway emulates it as Istio would, so the verdicts say what Istio would do, not that controller"
                    : $"{api.Ref} has class {api.GatewayClassName}, which is neither in the manifests nor one of Istio's built-in classes ({string.Join(", ", IstioBuiltinClasses)}): Istio may not serve it; the local gateway emulates it as Istio would"));
        }
    }

    private const string IstioGatewayController = "istio.io/";

    private static readonly string[] IstioBuiltinClasses = ["istio", "istio-remote", "istio-waypoint", "istio-east-west"];

    /// <summary>One route entry before it has a virtual host: an HTTPRoute rule's match, or a VirtualService http route's.</summary>
    private sealed record Entry(
        RouteId Id,
        RequestMatch? Match,
        HttpRouteManifest? HttpRoute,
        HttpRouteRule? Rule,
        VirtualServiceManifest? VirtualService,
        VirtualServiceHttpRoute? Http,
        IReadOnlyList<string> Dropped)
    {
        public RequestMatch EffectiveMatch => Match ?? RequestMatch.AnyRequest;
        public bool IsCatchAll => EffectiveMatch.IsCatchAll;
        public ObjectRef Source => HttpRoute?.Ref ?? VirtualService!.Ref;
    }

    /// <summary>A VirtualService as a gateway sees it: generated from HTTPRoutes, or written, bound to one server.</summary>
    private sealed record ServerVirtualService(
        ListenerServer Server,
        string Namespace,
        string Name,
        DateTimeOffset? Created,
        bool GatewaySemantics,
        Visibility Visibility,
        IReadOnlyList<string> Hosts,
        IReadOnlyList<Entry> Entries);

    private enum Visibility { Private, Exported, Public }

    private static List<ServerVirtualService> DerivedVirtualServices(
        MeshManifests manifests, IngressGateway ingress, IReadOnlyList<ListenerServer> servers, MeshVersions versions, List<RoutingFinding> findings)
    {
        var byKey = new Dictionary<(ListenerServer Server, string Host), List<HttpRouteManifest>>();
        foreach (var route in manifests.HttpRoutes)
        {
            if (ingress.GatewayApiGateway is not { } gateway)
            {
                findings.Add(NotOnThisGateway(route, ingress));
                continue;
            }

            var parents = route.ParentRefs.Where(p => HttpRouteAttachment.Names(p, route, gateway)).ToList();
            if (parents.Count == 0)
            {
                findings.Add(NotOnThisGateway(route, ingress));
                continue;
            }

            var accepted = new List<ListenerServer>();
            foreach (var parent in parents)
            {
                var denials = new List<(string Reason, string Message)>();
                foreach (var server in servers)
                {
                    if (HttpRouteAttachment.Denial(route, parent, server) is { } denial)
                    {
                        denials.Add(denial);
                    }
                    else if (!accepted.Contains(server))
                    {
                        accepted.Add(server);
                    }
                }

                if (denials.Count == servers.Count)
                {
                    var (reason, message) = denials.Count == 0 ? (HttpRouteAttachment.NoMatchingParent, "the gateway has no listener") : Worst(denials);
                    findings.Add(new RoutingFinding(RoutingRules.HttpRouteAttached, RoutingRules.HttpRouteAttachedText, FindingVerdict.Fail, route.Ref,
                        $"{route.Ref} is not attached to {gateway.Ref} (status Accepted=False, reason {reason}: {message}): Istio serves none of its rules there",
                        Remedy(reason, route, ingress)));
                }
            }

            if (route.Rules.FirstOrDefault(r => r.IstioRefusal is not null) is { } refused)
            {
                findings.Add(new RoutingFinding(RoutingRules.HttpRouteAttached, RoutingRules.HttpRouteAttachedText, FindingVerdict.Fail, route.Ref,
                    $"{route.Ref} is refused by Istio ({refused.IstioRefusal}; conversion.go InvalidFilter): it serves no rule at all",
                    "remove the filter or use one Istio supports (RequestHeaderModifier, ResponseHeaderModifier, URLRewrite, RequestRedirect, RequestMirror, CORS)"));
                continue;
            }

            if (accepted.Count == 0)
            {
                continue;
            }

            findings.Add(new RoutingFinding(RoutingRules.HttpRouteAttached, RoutingRules.HttpRouteAttachedText, FindingVerdict.Pass, route.Ref,
                $"{route.Ref} is attached to {gateway.Ref} listener{(accepted.Count == 1 ? "" : "s")} {string.Join(", ", accepted.Select(s => s.Listener.Name))}"));
            ChannelFindings(route, versions, findings);
            foreach (var server in accepted.OrderBy(s => s.InternalName, StringComparer.Ordinal))
            {
                foreach (var host in route.Hostnames.Count > 0 ? route.Hostnames : ["*"])
                {
                    if (!HttpRouteAttachment.HostnameAllowed(server, servers, host))
                    {
                        continue;
                    }

                    if (!byKey.TryGetValue((server, host), out var list))
                    {
                        byKey[(server, host)] = list = [];
                    }

                    list.Add(route);
                }
            }
        }

        return byKey.Select(pair =>
        {
            var (server, host) = pair.Key;
            // sortRoutesByCreationTime (conversion.go) compares each route's generated VirtualService, named
            // "<route>~<n>~istio-autogenerated-k8s-gateway" (route_collections.go): "~" sorts after any name character,
            // so "foo-bar" comes before "foo".
            var contributors = pair.Value
                .OrderBy(r => r.CreationTimestamp ?? DateTimeOffset.MinValue)
                .ThenBy(r => r.Ref.Namespace, StringComparer.Ordinal)
                .ThenBy(r => r.Ref.Name + "~", StringComparer.Ordinal)
                .ToList();
            var entries = RoutePrecedence.SortHttpRoutes(contributors.SelectMany(route => HttpRouteEntries(route, versions)), e => e.Match);
            var first = contributors[0];
            // mergeHTTPRoutes names the merged VirtualService after its key, and keeps the oldest route's metadata.
            return new ServerVirtualService(server, first.Ref.Namespace, $"{server.InternalName}/{host}".Replace('/', '~'), first.CreationTimestamp,
                GatewaySemantics: true, Visibility.Public, [host], StopAfterCatchAll(entries));
        }).ToList();
    }

    /// <summary>Each rule is split so every route has at most one match (<c>HTTPRouteCollection</c>); no match stays no match.</summary>
    private static IEnumerable<Entry> HttpRouteEntries(HttpRouteManifest route, MeshVersions versions)
    {
        foreach (var rule in route.Rules)
        {
            var (effective, dropped) = AsStored(rule, versions.Channel);
            for (var m = 0; m < rule.Matches.Count; m++)
            {
                yield return new Entry(
                    new RouteId(RouteKind.HTTPRoute, route.Ref.Namespace, route.Ref.Name, rule.Index, m),
                    rule.MatchesEverything ? null : rule.Matches[m],
                    route, effective, null, null, dropped);
            }
        }
    }

    /// <summary>The rule as the API server stores it: a standard-channel CRD prunes the experimental-only fields.</summary>
    private static (HttpRouteRule Rule, IReadOnlyList<string> Dropped) AsStored(HttpRouteRule rule, GatewayApiChannel channel)
    {
        if (channel == GatewayApiChannel.Experimental || rule.ExperimentalFields.Count == 0)
        {
            return (rule, []);
        }

        var dropped = rule.ExperimentalFields
            .Select(f => $"spec.rules[{rule.Index}].{f.Field} ({f.Source}): not in the standard-channel HTTPRoute CRD, so the API server drops it")
            .ToList();
        return (rule with { Retry = null }, dropped);
    }

    private static void ChannelFindings(HttpRouteManifest route, MeshVersions versions, List<RoutingFinding> findings)
    {
        var experimental = route.Rules.SelectMany(r => r.ExperimentalFields.Select(f => $"spec.rules[{r.Index}].{f.Field} ({f.Source})")).ToList();
        if (experimental.Count == 0)
        {
            return;
        }

        var fields = string.Join(", ", experimental);
        findings.Add(versions.Channel == GatewayApiChannel.Standard
            ? new RoutingFinding(RoutingRules.FieldsReachIstio, RoutingRules.FieldsReachIstioText, FindingVerdict.Fail, route.Ref,
                $"{route.Ref} sets {fields}, which only the experimental-channel HTTPRoute CRD declares: with the standard channel ({versions.ChannelSource}) "
                + "the API server drops it on apply and Istio never sees it",
                "install the Gateway API experimental-channel CRDs (kubectl apply -f …/experimental-install.yaml), or express the policy another way")
            : new RoutingFinding(RoutingRules.FieldsReachIstio, RoutingRules.FieldsReachIstioText, FindingVerdict.Pass, route.Ref,
                $"{route.Ref} sets {fields}: stored because the cluster has the experimental-channel CRDs ({versions.ChannelSource}); a standard-channel cluster would drop it"));
    }

    private static List<ServerVirtualService> BoundVirtualServices(
        MeshManifests manifests, IngressGateway gateway, IReadOnlyList<ListenerServer> servers, MeshVersions versions, List<RoutingFinding> findings)
    {
        var result = new List<ServerVirtualService>();
        var gatewayApiNames = manifests.Gateways.Select(g => $"{g.Ref.Namespace}/{g.Ref.Name}").ToHashSet();
        var istioGatewayNames = manifests.IstioGateways.Select(g => $"{g.Ref.Namespace}/{g.Ref.Name}").ToHashSet();
        foreach (var vs in manifests.VirtualServices)
        {
            var names = GatewayBinding.Of(vs);
            var hosts = vs.Hosts.Select(h => h.Contains('.') || h.Contains('*') ? h : ServiceHost.Fqdn(h, vs.Ref.Namespace)).ToList();
            var boundHere = servers.Where(s => names.Contains(s.InternalName)).ToList();
            foreach (var name in names.Where(n => n != GatewayBinding.Mesh && !istioGatewayNames.Contains(n) && servers.All(s => s.InternalName != n)))
            {
                findings.Add(gatewayApiNames.Contains(name)
                    ? NamesGatewayApiGateway(vs, name, manifests, versions)
                    : new RoutingFinding(RoutingRules.VirtualServiceBound, RoutingRules.VirtualServiceBoundText, FindingVerdict.Fail, vs.Ref,
                        $"{vs.Ref} names gateway '{name}', which is neither an Istio Gateway nor a listener of a Gateway API Gateway in the manifests: it binds nothing there"));
            }

            if (boundHere.Count == 0)
            {
                if (names.All(n => n == GatewayBinding.Mesh || istioGatewayNames.Contains(n)))
                {
                    findings.Add(NotOnThisGateway(vs, names, gateway));
                }

                continue;
            }

            var visibility = VisibilityOf(vs, gateway.ProxyNamespace);
            if (visibility is null)
            {
                findings.Add(new RoutingFinding(RoutingRules.VirtualServiceBound, RoutingRules.VirtualServiceBoundText, FindingVerdict.Fail, vs.Ref,
                    $"{vs.Ref} binds to {string.Join(", ", boundHere.Select(s => s.InternalName))} but its exportTo ({string.Join(", ", vs.ExportTo)}) hides it from namespace {gateway.ProxyNamespace}, where the gateway runs",
                    $"add \"{gateway.ProxyNamespace}\" (or \"*\") to spec.exportTo"));
                continue;
            }

            foreach (var server in boundHere)
            {
                var served = HostNames.Intersection(HostNames.ForNamespace(server.Hosts, vs.Ref.Namespace), hosts);
                findings.Add(served.Count > 0
                    ? new RoutingFinding(RoutingRules.VirtualServiceBound, RoutingRules.VirtualServiceBoundText, FindingVerdict.Pass, vs.Ref,
                        $"{vs.Ref} binds to {server.Describe} of {gateway.Ref} ({server.InternalName}) for {string.Join(", ", served)}")
                    : new RoutingFinding(RoutingRules.VirtualServiceBound, RoutingRules.VirtualServiceBoundText, FindingVerdict.Fail, vs.Ref,
                        $"{vs.Ref} binds to {server.InternalName} but none of its hosts ({string.Join(", ", hosts)}) is served by {server.Describe} "
                        + $"(hosts {string.Join(", ", server.Hosts)}): it serves nothing there"));
                result.Add(new ServerVirtualService(server, vs.Ref.Namespace, vs.Ref.Name, null, GatewaySemantics: false, visibility.Value, hosts,
                    VirtualServiceEntries(vs, server)));
            }
        }

        return result;
    }

    /// <summary>
    /// An HTTPRoute whose parents are not this gateway: a GAMMA route (parent kind Service: east-west traffic, which
    /// needs a waypoint in ambient and never passes the ingress), or a route of another gateway. Not probed: a gap.
    /// Istio files a Service or ServiceEntry parent under its mesh parent, never under a gateway
    /// (<c>conversion.go</c> <c>extractParentReferenceInfo</c>, <c>meshParentKey</c>).
    /// </summary>
    private static RoutingFinding NotOnThisGateway(HttpRouteManifest route, IngressGateway gateway)
    {
        var parents = string.Join(", ", route.ParentRefs.Select(p => $"{p.Kind} {p.Namespace ?? route.Ref.Namespace}/{p.Name}"));
        return route.ParentRefs.Any(p => p.Kind == "Service")
            ? new RoutingFinding(RoutingRules.RouteOnThisGateway, RoutingRules.RouteOnThisGatewayText, FindingVerdict.Gap, route.Ref,
                $"{route.Ref} is a GAMMA route (parent {parents}): it is policy for east-west calls to the Service, which the ingress " +
                "gateway never serves; without a waypoint ztunnel applies none of it, and the local mesh does not emulate it",
                "deploy a waypoint for the Service (istio.io/use-waypoint) to keep that policy east-west, or move it to the ingress route")
            : new RoutingFinding(RoutingRules.RouteOnThisGateway, RoutingRules.RouteOnThisGatewayText, FindingVerdict.Gap, route.Ref,
                $"{route.Ref} attaches to {parents}, not to {(gateway.Api == IngressApi.Istio ? gateway.Describe() : gateway.Ref)}: not probed in this run",
                $"run the gate again with --gateway-name {route.ParentRefs[0].Namespace ?? route.Ref.Namespace}/{route.ParentRefs[0].Name} to probe it");
    }

    /// <summary>A VirtualService bound only to <c>mesh</c> (sidecar clients, never the ingress) or to other Istio Gateways.</summary>
    private static RoutingFinding NotOnThisGateway(VirtualServiceManifest vs, IReadOnlyCollection<string> names, IngressGateway gateway) =>
        names.All(n => n == GatewayBinding.Mesh)
            ? new RoutingFinding(RoutingRules.RouteOnThisGateway, RoutingRules.RouteOnThisGatewayText, FindingVerdict.Gap, vs.Ref,
                $"{vs.Ref} binds to mesh only: its routes apply to sidecar clients' calls, never to traffic through {gateway.Ref}, and in " +
                "ambient without a waypoint ztunnel applies none of them; not probed",
                "for ingress traffic put the policy on the gateway's route; for east-west calls deploy a waypoint")
            : new RoutingFinding(RoutingRules.RouteOnThisGateway, RoutingRules.RouteOnThisGatewayText, FindingVerdict.Gap, vs.Ref,
                $"{vs.Ref} binds to {string.Join(", ", names)}, not to a server of {gateway.Ref}: not probed in this run",
                $"run the gate again with --gateway-name {names.First(n => n != GatewayBinding.Mesh)} to probe it");

    private static RoutingFinding NamesGatewayApiGateway(VirtualServiceManifest vs, string name, MeshManifests manifests, MeshVersions versions)
    {
        var slash = name.IndexOf('/');
        var gateway = manifests.Gateways.First(g => $"{g.Ref.Namespace}/{g.Ref.Name}" == name);
        var internalNames = gateway.Listeners.Select(l => $"{gateway.Ref.Namespace}/{versions.Istio.InternalGatewayName(name[(slash + 1)..], l.Name)}").ToList();
        return new RoutingFinding(RoutingRules.VirtualServiceBound, RoutingRules.VirtualServiceBoundText, FindingVerdict.Fail, vs.Ref,
            $"{vs.Ref} names the Gateway API Gateway '{name}' in spec.gateways, but Istio binds VirtualServices only to Istio Gateway names: "
            + $"nothing is bound, so its routes, timeouts and retries never applied to traffic through that gateway (it takes the HTTPRoutes' policy)",
            $"bind to the Istio Gateway that Istio {versions.Istio} generates for the listener ({string.Join(" or ", internalNames)}; "
            + "the name is '<gateway>-istio-autogenerated-k8s-gateway-<listener>' before Istio 1.28), or move the policy into the HTTPRoute");
    }

    /// <summary><c>initVirtualServices</c>: which bucket of <c>VirtualServicesForGateway</c> a VirtualService is in, for a gateway in <paramref name="gatewayNamespace"/>; null = not visible.</summary>
    private static Visibility? VisibilityOf(VirtualServiceManifest vs, string gatewayNamespace)
    {
        var exportTo = vs.ExportTo.Count == 0 ? ["*"] : vs.ExportTo.Select(e => e == "." ? vs.Ref.Namespace : e).ToList();
        if (exportTo.Contains("*"))
        {
            return Visibility.Public;
        }

        if (exportTo.Contains("~"))
        {
            return null;
        }

        if (exportTo.Contains(gatewayNamespace))
        {
            return gatewayNamespace == vs.Ref.Namespace ? Visibility.Private : Visibility.Exported;
        }

        return null;
    }

    /// <summary>
    /// <c>BuildHTTPRoutesForVirtualService</c>: one route per match of each http route, skipping matches for another
    /// port or another gateway, and nothing after the first catch-all.
    /// </summary>
    private static IReadOnlyList<Entry> VirtualServiceEntries(VirtualServiceManifest vs, ListenerServer server)
    {
        var entries = new List<Entry>();
        foreach (var http in vs.Http)
        {
            for (var m = 0; m < http.Matches.Count; m++)
            {
                var match = http.Matches[m];
                if ((match.Port is { } port && port != server.Port) || (match.Gateways.Count > 0 && !match.Gateways.Contains(server.InternalName)))
                {
                    continue;
                }

                var entry = new Entry(new RouteId(RouteKind.VirtualService, vs.Ref.Namespace, vs.Ref.Name, http.Index, m),
                    http.MatchesEverything ? null : match, null, null, vs, http, []);
                entries.Add(entry);
                if (entry.IsCatchAll)
                {
                    return entries;
                }
            }
        }

        return entries;
    }

    /// <summary>The HTTPRoute-derived VirtualService goes through the same builder: nothing after its first catch-all.</summary>
    private static IReadOnlyList<Entry> StopAfterCatchAll(IReadOnlyList<Entry> entries)
    {
        var index = entries.ToList().FindIndex(e => e.IsCatchAll);
        return index < 0 ? entries : entries.Take(index + 1).ToList();
    }

    /// <summary>One virtual host before its routes are built.</summary>
    private sealed record HostEntries(IReadOnlyList<string> Domains, IReadOnlyList<Entry> Entries, bool RequiresTls);

    private static IReadOnlyList<HostEntries> VirtualHosts(
        IReadOnlyList<ListenerServer> servers, List<ServerVirtualService> derived, List<ServerVirtualService> bound, IngressGateway gateway)
    {
        var hosts = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        var requireTls = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        void Add(string key, IEnumerable<Entry> entries, bool redirect)
        {
            if (!hosts.TryGetValue(key, out var list))
            {
                hosts[key] = list = [];
                order.Add(key);
            }

            list.AddRange(entries);
            if (redirect)
            {
                requireTls.Add(key);
            }
        }

        foreach (var server in servers)
        {
            foreach (var vs in ForGateway(server, derived, bound, gateway.ProxyNamespace))
            {
                foreach (var hostname in HostNames.Intersection(HostNames.ForNamespace(server.Hosts, vs.Namespace), vs.Hosts))
                {
                    Add(hostname.ToLowerInvariant(), vs.Entries, server.HttpsRedirect);
                }
            }

            // A redirecting server's hosts that no VirtualService serves still get a virtual host that only redirects.
            // Istio keys them by the server's host as sanitized, so a "ns/host" entry makes a domain no authority
            // matches: it is left out here.
            foreach (var hostname in server.HttpsRedirect ? server.Hosts.Where(h => !h.Contains('/')) : [])
            {
                Add(hostname.ToLowerInvariant(), [], redirect: true);
            }
        }

        // collapseDuplicateRoutes: virtual hosts with the same routes (and TLS requirement) become one with several
        // domains (alphabetical first).
        var collapsed = new List<(List<string> Domains, IReadOnlyList<Entry> Entries, bool RequiresTls)>();
        foreach (var host in order.Order(StringComparer.Ordinal))
        {
            var entries = RoutePrecedence.CatchAllsLast(hosts[host], e => e.IsCatchAll);
            var tls = requireTls.Contains(host);
            var same = collapsed.FindIndex(c => c.RequiresTls == tls && c.Entries.SequenceEqual(entries));
            if (same >= 0)
            {
                collapsed[same].Domains.Add(host);
            }
            else
            {
                collapsed.Add(([host], entries, tls));
            }
        }

        return collapsed.Select(c => new HostEntries(c.Domains, c.Entries, c.RequiresTls)).ToList();
    }

    /// <summary><c>VirtualServicesForGateway</c>: private, exported, same-namespace Gateway API routes, then every other public one.</summary>
    private static IEnumerable<ServerVirtualService> ForGateway(ListenerServer server, List<ServerVirtualService> derived, List<ServerVirtualService> bound, string proxyNamespace)
    {
        var all = derived.Concat(bound).Where(v => v.Server == server)
            .OrderBy(v => v.Created ?? DateTimeOffset.MinValue)
            .ThenBy(v => v.Namespace, StringComparer.Ordinal)
            .ThenBy(v => v.Name, StringComparer.Ordinal)
            .ToList();
        return all.Where(v => v.Visibility == Visibility.Private)
            .Concat(all.Where(v => v.Visibility == Visibility.Exported))
            .Concat(all.Where(v => v.Visibility == Visibility.Public && v.GatewaySemantics && v.Namespace == proxyNamespace))
            .Concat(all.Where(v => v.Visibility == Visibility.Public && !(v.GatewaySemantics && v.Namespace == proxyNamespace)));
    }

    private static IReadOnlyList<GatewayVirtualHost> Routes(MeshManifests manifests, IReadOnlyList<HostEntries> hosts, List<RoutingFinding> findings)
    {
        var reported = new HashSet<RouteId>();
        var routes = new List<GatewayRoute>();
        foreach (var (domains, entries, requiresTls) in hosts)
        {
            foreach (var entry in entries)
            {
                var backends = Backends(manifests, entry);
                if (reported.Add(entry.Id))
                {
                    BackendFindings(entry, backends, findings);
                    EmulationFindings(entry, findings);
                }

                routes.Add(new GatewayRoute
                {
                    Id = entry.Id,
                    Name = entry.Source.Name,
                    Domains = domains,
                    Match = entry.EffectiveMatch,
                    Backends = backends,
                    Actions = entry.Rule?.Actions ?? entry.Http?.Actions ?? RouteActions.None,
                    HttpRoute = entry.HttpRoute,
                    HttpRouteRule = entry.Rule,
                    VirtualService = entry.VirtualService,
                    VirtualServiceRoute = entry.Http,
                    DroppedFields = entry.Dropped,
                    RequiresTls = requiresTls,
                });
            }
        }

        // Names are made unique across the gateway, then each route goes back to its virtual host in order.
        var named = new Queue<GatewayRoute>(RouteNames.MakeUnique(routes));
        return hosts.Select(h => new GatewayVirtualHost(h.Domains, h.Entries.Select(_ => named.Dequeue()).ToList()) { RequiresTls = h.RequiresTls }).ToList();
    }

    /// <summary>
    /// <c>buildHTTPDestination</c> / <c>applyHTTPRouteDestination</c>: backends of weight 0 are skipped; an HTTPRoute
    /// rule whose backends all weigh 0 (or that has none, and no redirect) gets none (Istio answers 500 itself).
    /// </summary>
    private static IReadOnlyList<RouteBackend> Backends(MeshManifests manifests, Entry entry)
    {
        if (entry.Rule is { } rule)
        {
            if (rule.Actions.Redirect is not null)
            {
                return [];
            }

            return rule.BackendRefs.Where(b => b.Weight > 0)
                .Select(b => new RouteBackend(b, HttpRouteBackendState(manifests, entry.HttpRoute!, b)))
                .ToList();
        }

        var http = entry.Http!;
        if (http.Actions.Redirect is not null || http.Actions.DirectResponse is not null)
        {
            return [];
        }

        // A sole destination takes all traffic whatever its weight; with several, weight 0 is skipped.
        var destinations = http.Destinations.Count == 1 ? http.Destinations : http.Destinations.Where(d => d.Weight > 0).ToList();
        return destinations.Select(d => new RouteBackend(d, ServiceExists(manifests, d) ? BackendState.Resolved : BackendState.NotFound)).ToList();
    }

    private static BackendState HttpRouteBackendState(MeshManifests manifests, HttpRouteManifest route, RouteDestination backend)
    {
        if (backend.Kind is not null)
        {
            return BackendState.UnsupportedKind;
        }

        if (backend.Namespace != route.Ref.Namespace && !ReferenceGranted(manifests, route, backend))
        {
            return BackendState.NotPermitted;
        }

        return ServiceExists(manifests, backend) ? BackendState.Resolved : BackendState.NotFound;
    }

    /// <summary>Gateway API ReferenceGrant: in the backend's namespace, from HTTPRoutes of the route's namespace, to that Service (or every Service).</summary>
    private static bool ReferenceGranted(MeshManifests manifests, HttpRouteManifest route, RouteDestination backend) =>
        manifests.ReferenceGrants.Any(grant =>
            grant.Ref.Namespace == backend.Namespace
            && grant.From.Any(f => f.Group == "gateway.networking.k8s.io" && f.Kind == "HTTPRoute" && f.Namespace == route.Ref.Namespace)
            && grant.To.Any(t => t.Group == "" && t.Kind == "Service" && (t.Name is null || t.Name == backend.Service)));

    private static bool ServiceExists(MeshManifests manifests, RouteDestination destination) =>
        manifests.Services.Any(s => s.Ref.Name == destination.Service && s.Ref.Namespace == destination.Namespace);

    private static void BackendFindings(Entry entry, IReadOnlyList<RouteBackend> backends, List<RoutingFinding> findings)
    {
        var broken = backends.Where(b => b.State != BackendState.Resolved).ToList();
        var where = entry.Rule is { } rule ? $"rule {rule.Index} ({rule.Source})" : $"http[{entry.Http!.Index}] ({entry.Http.Source})";
        if (broken.Count == 0)
        {
            if (entry.Id.Match == 0 && backends.Count > 0)
            {
                findings.Add(new RoutingFinding(RoutingRules.BackendsResolved, RoutingRules.BackendsResolvedText, FindingVerdict.Pass, entry.Source,
                    $"{entry.Source} {where}: {string.Join(", ", backends)}"));
            }

            return;
        }

        var answer = entry.HttpRoute is not null ? "500" : "503";
        foreach (var backend in broken)
        {
            var (reason, remedy) = backend.State switch
            {
                BackendState.NotPermitted => ($"RefNotPermitted: backendRef {backend.Service}/{backend.Namespace} is not accessible to an HTTPRoute in namespace \"{entry.Source.Namespace}\" (missing a ReferenceGrant?)",
                    $"add a ReferenceGrant in namespace {backend.Namespace} from HTTPRoute in {entry.Source.Namespace} to Service {backend.Service}"),
                BackendState.UnsupportedKind => ($"kind {backend.Destination.Kind} is not emulated by the local gateway", "probe this route on a cluster"),
                _ => ($"BackendNotFound: backend({ServiceHost.Fqdn(backend.Service, backend.Namespace)}) not found", $"render the Service {backend.Namespace}/{backend.Service} too, or fix the name"),
            };
            findings.Add(new RoutingFinding(RoutingRules.BackendsResolved, RoutingRules.BackendsResolvedText,
                backend.State == BackendState.UnsupportedKind ? FindingVerdict.Gap : FindingVerdict.Fail, entry.Source,
                $"{entry.Source} {where}: {reason}; requests sent to it get {answer} from the gateway", remedy));
        }
    }

    private static void EmulationFindings(Entry entry, List<RoutingFinding> findings)
    {
        var notEmulated = (entry.Rule?.Actions.NotEmulated ?? entry.Http?.Actions.NotEmulated ?? [])
            .Concat(entry.Id.Rule == 0 && entry.Id.Match == 0 ? entry.VirtualService?.NotEmulated ?? [] : []);
        if (entry.Id.Match != 0)
        {
            return;
        }

        foreach (var item in notEmulated)
        {
            findings.Add(new RoutingFinding(RoutingRules.Emulated, RoutingRules.EmulatedText, FindingVerdict.Gap, entry.Source,
                $"{entry.Source}: {item.Field} ({item.Source}) is not emulated by the local gateway: {item.Effect}"));
        }
    }

    /// <summary>Istio's migration guide: mixing VirtualService and HTTPRoute for one host is undefined behaviour.</summary>
    private static void MixedHosts(IReadOnlyList<GatewayRoute> routes, List<RoutingFinding> findings)
    {
        foreach (var host in routes.GroupBy(r => r.VirtualHost))
        {
            var httpRoutes = host.Where(r => r.Kind == RouteKind.HTTPRoute).Select(r => r.Source).Distinct().ToList();
            var virtualServices = host.Where(r => r.Kind == RouteKind.VirtualService).Select(r => r.Source).Distinct().ToList();
            if (httpRoutes.Count == 0 || virtualServices.Count == 0)
            {
                continue;
            }

            var first = host.First();
            foreach (var vs in virtualServices)
            {
                findings.Add(new RoutingFinding(RoutingRules.NoMixedHost, RoutingRules.NoMixedHostText, FindingVerdict.Fail, vs,
                    $"{vs} and {string.Join(", ", httpRoutes)} both serve host {host.Key}: Istio's migration guide calls mixing them undefined behaviour; "
                    + $"this Istio puts them into one virtual host, {first.Kind} {first.Source.QualifiedName} first, and Envoy takes the first route that matches",
                    "serve the host from one kind only: move the VirtualService's policy into the HTTPRoute (spec.rules[].timeouts/retry) and delete the VirtualService"));
            }
        }
    }

    private static (string Reason, string Message) Worst(List<(string Reason, string Message)> denials) =>
        denials.FirstOrDefault(d => d.Reason == HttpRouteAttachment.NotAllowedByListeners) is { Reason: not null } notAllowed
            ? notAllowed
            : denials.FirstOrDefault(d => d.Reason == HttpRouteAttachment.NoMatchingListenerHostname) is { Reason: not null } hostname
                ? hostname
                : denials[0];

    private static string Remedy(string reason, HttpRouteManifest route, IngressGateway gateway) => reason switch
    {
        HttpRouteAttachment.NotAllowedByListeners =>
            $"allow namespace {route.Ref.Namespace} in the listener's allowedRoutes (e.g. namespaces.from: All), or move the route into {gateway.Ref.Namespace}",
        HttpRouteAttachment.NoMatchingListenerHostname => "make spec.hostnames intersect the listener's hostname",
        _ => "fix the parentRef's sectionName/port to name an existing listener",
    };
}
