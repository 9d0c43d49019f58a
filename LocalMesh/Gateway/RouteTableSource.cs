namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// The route table the gateway serves now, swapped atomically by <see cref="RouteTableWatcher"/> when the manifests
/// change. A request reads <see cref="Current"/> once and keeps that table to its end, as an Envoy request keeps the
/// route configuration it was matched with while istiod pushes a newer one.
/// </summary>
public sealed class RouteTableSource
{
    private LoadedRouteTable _loaded;
    private RouteReloadFailure? _lastFailure;
    private IReadOnlyList<string> _warnings = [];

    /// <param name="initial">The table loaded at start (generation 1).</param>
    /// <param name="loadedAt">When it was loaded.</param>
    public RouteTableSource(RouteTable initial, DateTimeOffset loadedAt) => _loaded = new LoadedRouteTable(initial, 1, loadedAt);

    /// <summary>The table to serve a new request with.</summary>
    public RouteTable Current => Loaded.Table;

    /// <summary>The current table with its generation and load time, read together.</summary>
    public LoadedRouteTable Loaded => Volatile.Read(ref _loaded);

    /// <summary>The last reload that failed since the last good one; null when the last reload succeeded (or none was tried).</summary>
    public RouteReloadFailure? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>What the last good load noticed about the new table (e.g. a Service the running dataplane never heard of).</summary>
    public IReadOnlyList<string> Warnings => Volatile.Read(ref _warnings);

    /// <summary>Serves <paramref name="table"/> from now on, as the next generation; clears the last failure.</summary>
    public LoadedRouteTable Publish(RouteTable table, DateTimeOffset loadedAt, IReadOnlyList<string> warnings)
    {
        LoadedRouteTable next;
        lock (this)
        {
            next = new LoadedRouteTable(table, _loaded.Generation + 1, loadedAt);
            Volatile.Write(ref _warnings, warnings);
            Volatile.Write(ref _lastFailure, null);
            Volatile.Write(ref _loaded, next);
        }

        return next;
    }

    /// <summary>Records a reload that failed; the current table keeps serving (Envoy keeps its last good config).</summary>
    public void Reject(string error, DateTimeOffset at) => Volatile.Write(ref _lastFailure, new RouteReloadFailure(error, at));
}

/// <summary>A route table as served: its generation (1 = loaded at start, +1 per good reload) and when it was loaded.</summary>
public sealed record LoadedRouteTable(RouteTable Table, long Generation, DateTimeOffset LoadedAt);

/// <summary>A reload that was refused, with the reason (the loader's message) and when.</summary>
public sealed record RouteReloadFailure(string Message, DateTimeOffset At);
