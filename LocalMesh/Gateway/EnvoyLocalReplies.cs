namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>The bodies Envoy writes when it answers itself (text/plain), so clients see the same text as in a cluster.</summary>
public static class EnvoyLocalReplies
{
    /// <summary>503 when the route's cluster has no endpoint (response flag UH). Never retried.</summary>
    public const string NoHealthyUpstream = "no healthy upstream";

    /// <summary>504 when the route timeout or the last per-try timeout fired (UT).</summary>
    public const string UpstreamRequestTimeout = "upstream request timeout";

    /// <summary>404 when no route matches (NR). Envoy sends an empty body; the text here helps a human reading it.</summary>
    public const string RouteNotFound = "route not found";

    /// <summary>Reset reason of a connection that ended before response headers (UC).</summary>
    public const string ConnectionTermination = "connection termination";

    /// <summary>Reset reason of a failed TCP connect (UF), as recent Envoy versions word it.</summary>
    public const string RemoteConnectionFailure = "remote connection failure, transport failure reason: delayed connect error: Connection refused";

    /// <summary>
    /// 503 body when the last try got no response headers. Envoy words it differently once it has retried:
    /// "… retried and the latest reset reason: …".
    /// </summary>
    public static string ResetBeforeHeaders(string reason, bool retried) => retried
        ? $"upstream connect error or disconnect/reset before headers. retried and the latest reset reason: {reason}"
        : $"upstream connect error or disconnect/reset before headers. reset reason: {reason}";
}
