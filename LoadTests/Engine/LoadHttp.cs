namespace AmbientVerify.LoadTests.Engine;

/// <summary>
/// The one HTTP client of a run: pooled connections capped at the run's concurrency, no redirects followed (a 3xx is
/// the gateway's answer and is counted as such), no cookies, no proxy (only the gateway URL is ever contacted).
/// </summary>
public static class LoadHttp
{
    public static HttpClient CreateClient(int maxConnections, TimeSpan requestTimeout) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            Timeout = requestTimeout,
        };
}
