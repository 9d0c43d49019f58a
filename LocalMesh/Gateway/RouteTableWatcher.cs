using AmbientVerify.Manifests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// <c>LocalMesh:WatchManifests=true</c>: looks at the manifests directory every <c>LocalMesh:WatchInterval</c> and, when
/// a file was added, removed or changed, loads it again (the same <see cref="RouteTableLoader"/> as at start: admission,
/// gateway selection, resolution) and swaps the route table in <see cref="RouteTableSource"/>. Istio's gateway is
/// programmed the same way, eventually: istiod pushes a changed route (typically within a second) and Envoy swaps its
/// route configuration while requests in flight keep the one they started with. A directory that fails to read or to
/// resolve is refused and the previous table keeps serving, as Envoy keeps its last good configuration when it
/// rejects an update (the failure is logged and shown on <c>/__mesh/routes</c> and <c>/health</c>).
/// </summary>
public sealed class RouteTableWatcher : BackgroundService
{
    private readonly RouteTableSource _source;
    private readonly IConfiguration _configuration;
    private readonly BackendResolver _backends;
    private readonly Manifests.Topology.MeshTopology? _dataplane;
    private readonly TimeProvider _time;
    private readonly ILogger<RouteTableWatcher> _logger;
    private readonly string _directory;
    private readonly TimeSpan _interval;
    private RouteTableFingerprint _seen;
    private PeriodicTimer? _timer;

    /// <param name="dataplane">The topology of the ztunnel / sidecars the gateway dials through (<see cref="MeshDialing"/>); null without one.</param>
    /// <exception cref="ManifestException">The watch settings are not readable.</exception>
    public RouteTableWatcher(RouteTableSource source, IConfiguration configuration, BackendResolver backends, TimeProvider time,
        ILogger<RouteTableWatcher> logger, Manifests.Topology.MeshTopology? dataplane)
    {
        _source = source;
        _configuration = configuration;
        _backends = backends;
        _dataplane = dataplane;
        _time = time;
        _logger = logger;
        var options = RouteTableWatchOptions.FromConfiguration(configuration);
        _directory = configuration[$"{LocalMeshOptions.SectionName}:{nameof(LocalMeshOptions.Manifests)}"]!;
        _interval = options.WatchInterval;
        // Taken right after the start-up load, so a change made after it is seen at the first look.
        _seen = RouteTableFingerprint.Of(_directory);
    }

    /// <summary>
    /// Looks once: when the directory changed since the last look, loads it and either swaps the table in (true) or
    /// records why not and keeps the previous one (false); null when nothing changed.
    /// </summary>
    public bool? ReloadIfChanged()
    {
        var now = RouteTableFingerprint.Of(_directory);
        if (now == _seen)
        {
            return null;
        }

        // Remembered before the load: a refused directory is tried again only when it changes again
        // (a file still being written changes its size or time, and is then read once more).
        _seen = now;
        RouteTable table;
        try
        {
            table = RouteTableLoader.Load(_configuration);
        }
        catch (Exception error) when (error is ManifestException or IOException or UnauthorizedAccessException or FormatException)
        {
            var kept = _source.Loaded;
            _source.Reject(error.Message, _time.GetUtcNow());
            _logger.LogError("Manifests in {Directory} changed but were refused; still serving generation {Generation} loaded at {LoadedAt:O}: {Error}",
                _directory, kept.Generation, kept.LoadedAt, error.Message);
            return false;
        }

        var warnings = RouteTableReloadWarnings.For(table, _backends, _dataplane);
        var loaded = _source.Publish(table, _time.GetUtcNow(), warnings);
        _logger.LogInformation("Routes reloaded from {Directory}: generation {Generation}, {Count} routes ({Origin})",
            _directory, loaded.Generation, table.Routes.Count, table.Origin);
        foreach (var warning in warnings)
        {
            _logger.LogWarning("Routes generation {Generation}: {Warning}", loaded.Generation, warning);
        }

        return true;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Created here, not in ExecuteAsync (which .NET 10 runs on the thread pool): the first look is one interval
        // after the start, whenever ExecuteAsync gets going.
        _timer = new PeriodicTimer(_interval, _time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException($"{nameof(RouteTableWatcher)} was not started through StartAsync");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                ReloadIfChanged();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
