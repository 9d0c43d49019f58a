using AmbientVerify.LocalMesh.Istio;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Manifests.Versions;
using Microsoft.AspNetCore.Http;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// <c>GET /__mesh/routes</c>: what the gateway was programmed with, virtual host by virtual host: each route's match,
/// source object, weighted backends, actions, translated policy, and what it does not emulate or never received.
/// The local equivalent of <c>istioctl proxy-config routes</c>, plus the resolver's findings.
/// </summary>
public static class MeshRoutesEndpoint
{
    public const string Path = "/__mesh/routes";

    /// <summary>Annotation prefix the migration plan used; Istio never reads it, so it is listed as ignored.</summary>
    public const string IgnoredAnnotationPrefix = "retry.istio.io/";

    public static IResult Handle(RouteTableSource source, BackendResolver backends)
    {
        var loaded = source.Loaded;
        return Describe(loaded, source.LastFailure, source.Warnings, backends);
    }

    private static IResult Describe(LoadedRouteTable loaded, RouteReloadFailure? lastFailure, IReadOnlyList<string> warnings, BackendResolver backends)
    {
        var table = loaded.Table;
        return Results.Ok(new
        {
            origin = table.Origin,
            // 1 = loaded at start; +1 per good reload (LocalMesh:WatchManifests). A refused reload leaves it and is shown below.
            generation = loaded.Generation,
            loadedAt = loaded.LoadedAt,
            lastReloadRefused = lastFailure is null ? null : new { at = lastFailure.At, message = lastFailure.Message },
            reloadWarnings = warnings,
            gateway = table.Routing.Gateway.Ref.ToString(),
            emulated = table.Routing.Gateway.Describe(),
            port = table.Routing.Port,
            istioVersion = table.Routing.Versions.Istio.ToString(),
            gatewayApiChannel = table.Routing.Versions.Channel.Name(),
            channelSource = table.Routing.Versions.ChannelSource,
            virtualHosts = table.Routing.VirtualHosts.Select(host => new
            {
                domains = host.Domains,
                requireTls = host.RequiresTls,
                routes = host.Routes.Select(route => Describe(table.Routes.First(r => ReferenceEquals(r.Route, route)), backends)).ToList(),
            }).ToList(),
            findings = table.Routing.Findings
                .Where(f => f.Verdict != FindingVerdict.Pass)
                .Select(f => new { rule = f.RuleId, verdict = f.Verdict.ToString().ToLowerInvariant(), subject = f.Subject.ToString(), f.Message, f.Remedy })
                .ToList(),
        });
    }

    private static object Describe(MeshRoute mesh, BackendResolver backends)
    {
        var route = mesh.Route;
        var policy = mesh.Policy;
        return new
        {
            name = route.Name,
            id = route.Id.ToString(),
            kind = route.Kind.ToString(),
            source = route.Source.ToString(),
            rule = route.RuleSource,
            match = new
            {
                path = new { type = route.Path.Type.ToString(), value = route.Path.Value },
                method = route.Match.Method,
                headers = route.Match.Headers.Select(h => h.ToString()).ToList(),
                queryParams = route.Match.QueryParams.Select(q => q.ToString()).ToList(),
            },
            backends = route.Backends.Select(b => new
            {
                service = b.Destination.QualifiedService,
                port = b.Destination.Port,
                weight = b.Weight,
                state = b.State.ToString(),
                url = backends.Resolve(b.Destination.ServiceName)?.ToString(),
            }).ToList(),
            actions = route.Actions.Describe(),
            notEmulated = route.Actions.NotEmulated.Select(n => n.ToString()).ToList(),
            droppedFields = route.DroppedFields,
            policy = new
            {
                routeTimeout = Format(policy.RouteTimeout),
                perTryTimeout = Format(policy.PerTryTimeout),
                // What Envoy applies (router.cc finalTimeout drops a per-try timeout not below the route timeout).
                effectivePerTryTimeout = Format(policy.EffectivePerTryTimeout),
                numRetries = policy.NumRetries,
                maxTries = policy.MaxTries,
                retryOn = RetryOnNames.ToNames(policy.RetryOn),
                retriableStatusCodes = policy.RetriableStatusCodes.Order().ToList(),
                backoffBase = Durations.Format(policy.BackoffBase),
                backoffMax = Durations.Format(policy.BackoffMax),
                avoidsPreviousHosts = policy.AvoidsPreviousHosts,
                retriesRemoteLocalities = policy.RetriesRemoteLocalities,
                istioVersion = policy.IstioVersion.ToString(),
                description = policy.Description,
            },
            ignoredAnnotations = (route.HttpRoute?.Annotations ?? new Dictionary<string, string>())
                .Where(annotation => annotation.Key.StartsWith(IgnoredAnnotationPrefix, StringComparison.Ordinal))
                .ToDictionary(annotation => annotation.Key, annotation => annotation.Value),
        };
    }

    private static string? Format(TimeSpan? duration) => duration is { } value ? Durations.Format(value) : null;
}
