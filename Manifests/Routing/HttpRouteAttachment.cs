using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Routing;

/// <summary>
/// Whether an HTTPRoute's parentRef attaches to a listener, as Istio decides it (<c>conversion.go</c>
/// <c>referenceAllowed</c> and <c>extractParentReferenceInfo</c>), and which of the route's hostnames the listener may
/// serve (<c>hostnameAllowedByIsolation</c>: a wildcard listener gives up hostnames a more exact listener on the same
/// port owns).
/// </summary>
public static class HttpRouteAttachment
{
    /// <summary>Istio's reasons, as HTTPRoute status <c>Accepted=False</c> words them.</summary>
    public const string NoMatchingParent = "NoMatchingParent";
    public const string NotAllowedByListeners = "NotAllowedByListeners";
    public const string NoMatchingListenerHostname = "NoMatchingListenerHostname";

    /// <summary>Why <paramref name="listener"/> refuses <paramref name="parent"/> of <paramref name="route"/> (reason, message); null when it accepts.</summary>
    public static (string Reason, string Message)? Denial(HttpRouteManifest route, ParentRef parent, ListenerServer listener)
    {
        // "First, check section and port apply. This must come first."
        if (parent.Port is { } port && port != listener.Port)
        {
            return (NoMatchingParent, $"port {port} not found");
        }

        if (parent.SectionName is { Length: > 0 } section && section != listener.Listener.Name)
        {
            return (NoMatchingParent, $"sectionName \"{section}\" not found");
        }

        // "a bi-directional wildcard match. Only one route hostname must match for it to be allowed."
        var hostnames = route.Hostnames.Count > 0 ? route.Hostnames : ["*"];
        var matched = false;
        var hostMatched = false;
        foreach (var routeHostname in hostnames)
        {
            foreach (var entry in listener.Hosts)
            {
                var slash = entry.IndexOf('/');
                var (entryNamespace, entryHost) = slash < 0 ? ("*", entry) : (entry[..slash], entry[(slash + 1)..]);
                var hostnameMatch = HostNames.Matches(entryHost, routeHostname);
                hostMatched |= hostnameMatch;
                if (hostnameMatch && (entryNamespace == "*" || entryNamespace == route.Ref.Namespace))
                {
                    matched = true;
                }
            }
        }

        if (!matched)
        {
            return hostMatched
                ? (NotAllowedByListeners, $"hostnames matched parent hostname \"{listener.Hostname}\", but namespace \"{route.Ref.Namespace}\" is not allowed by the parent")
                : (NoMatchingListenerHostname, $"no hostnames matched parent hostname \"{listener.Hostname}\"");
        }

        return listener.AllowedKinds.Contains("HTTPRoute")
            ? null
            : (NotAllowedByListeners, "kind gateway.networking.k8s.io/v1/HTTPRoute is not allowed");
    }

    /// <summary>
    /// <c>hostnameAllowedByIsolation</c>: may <paramref name="listener"/> serve <paramref name="routeHost"/>, given the
    /// hostnames of the other listeners on the same port and protocol?
    /// </summary>
    public static bool HostnameAllowed(ListenerServer listener, IReadOnlyList<ListenerServer> allListeners, string routeHost)
    {
        var ours = listener.Hostname;
        if (ours.Length > 0 && !HostNames.IsWildcard(ours))
        {
            return true;
        }

        if (ours.Length > 0 && !HostNames.Matches(routeHost, ours))
        {
            return false;
        }

        foreach (var other in allListeners)
        {
            if (ReferenceEquals(other, listener) || other.Port != listener.Port || other.Listener.Protocol != listener.Listener.Protocol
                || other.Hostname == ours)
            {
                continue;
            }

            // The other listener is more exact and would serve this hostname: it keeps it.
            if (ours.Length <= other.Hostname.Length && HostNames.SubsetOf(routeHost, other.Hostname))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A parentRef names <paramref name="gateway"/> (kind Gateway by default, namespace the route's by default).</summary>
    public static bool Names(ParentRef parent, HttpRouteManifest route, GatewayManifest gateway) =>
        parent.Kind == "Gateway" && parent.Name == gateway.Ref.Name && (parent.Namespace ?? route.Ref.Namespace) == gateway.Ref.Namespace;
}
