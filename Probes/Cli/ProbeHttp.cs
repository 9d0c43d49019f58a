namespace AmbientVerify.Probes.Cli;

/// <summary>The probes' HTTP handler: no redirects followed and no client timeout (each probe sets its own).</summary>
internal static class ProbeHttp
{
    /// <param name="insecureSkipTlsVerify">
    /// Accept any certificate the gateway shows (<c>--insecure-skip-tls-verify</c>, for a dev gateway with a
    /// self-signed one); never the default: a probe that trusts anything cannot tell the real gateway from another.
    /// </param>
    public static SocketsHttpHandler CreateHandler(bool insecureSkipTlsVerify = false)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            UseCookies = false,
            UseProxy = false,
        };
        if (insecureSkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        return handler;
    }

    public static HttpClient CreateClient(bool insecureSkipTlsVerify = false) =>
        new(CreateHandler(insecureSkipTlsVerify)) { Timeout = Timeout.InfiniteTimeSpan };

    public static SocketsHttpHandler CreateHandler() => CreateHandler(false);
}
