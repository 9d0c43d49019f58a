using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Probes.Running;

/// <summary>Where on the gateway a route is reached: its path and the Host header it answers to.</summary>
public sealed record RouteAddress(string Path, string? Host)
{
    /// <summary>The address of <paramref name="route"/>; null when its path is a regular expression (nothing to send).</summary>
    public static RouteAddress? Of(GatewayRoute route)
    {
        if (route.Path.Type == PathMatchType.RegularExpression)
        {
            return null;
        }

        // For a PathPrefix the prefix itself matches; for Exact only the value does.
        var path = string.IsNullOrEmpty(route.Path.Value) ? "/" : route.Path.Value;
        var host = route.Hostnames.FirstOrDefault() is { } h ? ConcreteHost(h) : null;
        return new RouteAddress(path, host);
    }

    public Uri ProbeUri(Uri gateway, string query) => new($"{Base(gateway)}{Path}?{query}");

    /// <summary>The fault backend's tries endpoint, reached through the gateway under the route's path.</summary>
    public Uri TriesUri(Uri gateway, string uuid) =>
        new($"{Base(gateway)}{Path.TrimEnd('/')}/__faults/tries/{Uri.EscapeDataString(uuid)}");

    private static string Base(Uri gateway) => gateway.GetLeftPart(UriPartial.Authority) + gateway.AbsolutePath.TrimEnd('/');

    // A wildcard hostname matches any one label: send a concrete name the listener accepts.
    private static string ConcreteHost(string hostname) =>
        hostname.StartsWith("*.", StringComparison.Ordinal) ? "probe" + hostname[1..] : hostname;
}
