using AmbientVerify.Manifests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// The gateway's own endpoints (<c>/health</c>, <c>/alive</c>, <c>/metrics</c>, <c>/__mesh/routes</c>) on an admin
/// port of their own (<c>LocalMesh:Admin</c>), as Envoy serves its admin apart from the listeners that carry traffic.
/// On the gateway port every path then belongs to the chart: a route on <c>/health</c> or <c>/metrics</c> reaches its
/// backend instead of being answered by the gateway itself.
/// </summary>
/// <remarks>
/// Told apart by the port a connection arrived on, which is why the admin URL must name its port (the AppHost gives
/// each process a reserved one). Without <c>LocalMesh:Admin</c> (a gateway started by hand, the tests' gateways) both
/// are served on the one port, and the gateway's own paths shadow a chart's routes on them.
/// </remarks>
public sealed class GatewayAdmin
{
    public const string Key = LocalMeshKeys.GatewayAdmin;

    private GatewayAdmin(Uri url) => Url = url;

    /// <summary>Where the admin endpoints listen.</summary>
    public Uri Url { get; }

    /// <summary>The admin settings, or null when <c>LocalMesh:Admin</c> is not set.</summary>
    /// <exception cref="ManifestException">The setting is not an http URL with a port other than 0.</exception>
    public static GatewayAdmin? FromConfiguration(IConfiguration configuration)
    {
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || url.Port is 0 || !HasExplicitPort(text))
        {
            throw new ManifestException($"{Key}='{text}' must be an http:// URL with its own port, e.g. http://127.0.0.1:15000");
        }

        return new GatewayAdmin(url);
    }

    /// <summary>Whether the request arrived on the admin port (else it is traffic for the chart's routes).</summary>
    public bool Serves(HttpContext context) => context.Connection.LocalPort == Url.Port;

    // "http://host" parses with the default port 80, which the gateway port may well be.
    private static bool HasExplicitPort(string text)
    {
        var authority = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/')[0];
        return authority[(authority.LastIndexOf(']') + 1)..].Contains(':', StringComparison.Ordinal);
    }
}
