namespace AmbientVerify.Probes.Cli;

/// <summary>The probes' HTTP handler: no redirects followed and no client timeout (each probe sets its own).</summary>
internal static class ProbeHttp
{
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        UseCookies = false,
    };

    public static HttpClient CreateClient() => new(CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
}
