using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;

namespace AmbientVerify.Probes.Expectations;

/// <summary>
/// Which routes an expectations entry is for: every criterion given must hold, at least one is given.
/// </summary>
/// <param name="Name">
/// The route's object (HTTPRoute or VirtualService) as <c>name</c> or <c>namespace/name</c>, or the route's label in the
/// report (<c>reviews#1</c>, for one rule of an object).
/// </param>
/// <param name="Host">A host name a request carries: the route matches when Envoy would pick the route's virtual host for it.</param>
/// <param name="PathPrefix">
/// The route's path (Exact or PathPrefix match) is this prefix or lies under it, segment by segment as Gateway API
/// prefixes do: <c>/static</c> covers <c>/static</c> and <c>/static/css</c>, not <c>/staticfiles</c>. A
/// regular-expression path never matches.
/// </param>
public sealed record RouteSelector(string? Name, string? Host, string? PathPrefix)
{
    public bool Matches(GatewayRoute route, GatewayRouting routing) =>
        (Name is null || NameMatches(route))
        && (Host is null || HostMatches(route, routing))
        && (PathPrefix is null || PathMatches(route));

    /// <summary>"name reviews, host bookinfo.example.com": how messages name the selector.</summary>
    public override string ToString() => string.Join(", ", new[]
    {
        Name is null ? null : $"name {Name}",
        Host is null ? null : $"host {Host}",
        PathPrefix is null ? null : $"pathPrefix {PathPrefix}",
    }.OfType<string>());

    private bool NameMatches(GatewayRoute route) =>
        Name == route.Name
        || Name == route.Id.Name
        || Name == $"{route.Id.Namespace}/{route.Id.Name}";

    private bool HostMatches(GatewayRoute route, GatewayRouting routing) =>
        routing.VirtualHostFor(Host!)?.Domains.SequenceEqual(route.Domains) == true;

    private bool PathMatches(GatewayRoute route)
    {
        if (route.Path.Type == PathMatchType.RegularExpression)
        {
            return false;
        }

        var prefix = PathPrefix!.TrimEnd('/');
        var path = route.Path.Value.Length == 0 ? "/" : route.Path.Value;
        return prefix.Length == 0
            || path == prefix
            || path.StartsWith(prefix + "/", StringComparison.Ordinal);
    }
}
