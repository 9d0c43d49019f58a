namespace AmbientVerify.TestSupport.Prometheus;

/// <summary>
/// The real Prometheus Pushgateway (Debian's <c>prometheus-pushgateway</c>) for one test, on a free loopback port,
/// keeping what is pushed in memory only (never in the package's shared persistence file). Dispose kills it and deletes its scratch directory.
/// </summary>
public sealed class RealPushgateway : IAsyncDisposable
{
    public const string Binary = "prometheus-pushgateway";
    public const string Package = "prometheus-pushgateway";

    private readonly ServerProcess _server;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private RealPushgateway(ServerProcess server) => _server = server;

    /// <summary>Its scratch directory (config, storage), deleted on dispose.</summary>
    public string ScratchDirectory => _server.Directory;

    /// <summary>Its base URL, http://127.0.0.1:&lt;port&gt;/ (what <c>--pushgateway</c> takes).</summary>
    public Uri Address => _server.Address;

    /// <summary>Prometheus scraping it as a Pushgateway should be: honor_labels, so the pushed job and grouping labels stay.</summary>
    public ScrapeTarget ScrapeTarget(string job = "pushgateway") => new(job, Address, HonorLabels: true);

    /// <exception cref="InvalidOperationException">prometheus-pushgateway is not installed (the message names the package), or would not start.</exception>
    public static async Task<RealPushgateway> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = await ServerProcess.StartAsync(Binary, Package,
            // Debian's build persists to /var/lib/prometheus/pushgateway.data by default, which every instance would share
            // and reload: an empty file name keeps each one's groups in its memory only.
            (listen, _) => [$"--web.listen-address={listen}", "--persistence.file=", "--log.level=warn"],
            prepare: null, cancellationToken).ConfigureAwait(false);
        return new RealPushgateway(server);
    }

    /// <summary>Its own /metrics: every group pushed, as Prometheus scrapes it.</summary>
    public Task<string> MetricsAsync(CancellationToken cancellationToken = default) =>
        _http.GetStringAsync(new Uri(Address, "/metrics"), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync().ConfigureAwait(false);
    }
}
