namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>Connection-level headers a proxy never forwards (RFC 9110 §7.6.1), in either direction.</summary>
public static class HopByHopHeaders
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    public static bool Contains(string name) => Names.Contains(name);
}
