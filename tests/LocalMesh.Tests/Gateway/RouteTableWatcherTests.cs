using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

/// <summary>The watcher on its own: a directory, a fake clock, one look at a time.</summary>
public sealed class RouteTableWatcherTests : IDisposable
{
    private readonly MeshManifestsDirectory _manifests = MeshManifestsDirectory.Create(MeshManifestsDirectory.Ambient);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    private IConfiguration Config(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["LocalMesh:Manifests"] = _manifests.Path,
            ["LocalMesh:WatchManifests"] = "true",
            ["LocalMesh:Backends:ecommerce:customer-service"] = "http://127.0.0.1:1",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    private (RouteTableSource Source, RouteTableWatcher Watcher) Start(IConfiguration? configuration = null, Manifests.Topology.MeshTopology? dataplane = null)
    {
        configuration ??= Config();
        var source = new RouteTableSource(RouteTableLoader.Load(configuration), _time.GetUtcNow());
        var watcher = new RouteTableWatcher(source, configuration, new BackendResolver(configuration), _time,
            NullLogger<RouteTableWatcher>.Instance, dataplane);
        return (source, watcher);
    }

    private static RequestFacts Get(string path) => new("GET", "shop.example.com", path, [], []);

    [Fact]
    public void An_unchanged_directory_is_not_reloaded()
    {
        var (source, watcher) = Start();

        Assert.Null(watcher.ReloadIfChanged());
        Assert.Equal(1, source.Loaded.Generation);
    }

    [Fact]
    public void An_added_route_is_served_by_the_next_generation()
    {
        var (source, watcher) = Start();
        var before = source.Current;
        Assert.Null(before.Match(Get(ReloadManifests.OrdersPath)));

        File.WriteAllText(Path.Combine(_manifests.Path, "orders.yaml"), ReloadManifests.OrdersRoute);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(watcher.ReloadIfChanged());
        Assert.Equal(2, source.Loaded.Generation);
        Assert.Equal(_time.GetUtcNow(), source.Loaded.LoadedAt);
        Assert.Equal("order-service-route", source.Current.Match(Get(ReloadManifests.OrdersPath))?.Route.Source.Name);
        // The table a request already holds is not changed by the swap.
        Assert.Null(before.Match(Get(ReloadManifests.OrdersPath)));
    }

    [Theory]
    [InlineData(ReloadManifests.Refused, "attempts cannot be negative")]
    [InlineData(ReloadManifests.Unreadable, "broken.yaml")]
    public void A_refused_directory_keeps_the_previous_table_and_says_why(string content, string expectedWords)
    {
        var (source, watcher) = Start();
        var before = source.Current;

        File.WriteAllText(Path.Combine(_manifests.Path, "broken.yaml"), content);

        Assert.False(watcher.ReloadIfChanged());
        Assert.Same(before, source.Current);
        Assert.Equal(1, source.Loaded.Generation);
        var failure = Assert.IsType<RouteReloadFailure>(source.LastFailure);
        Assert.Contains(expectedWords, failure.Message, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow(), failure.At);
    }

    [Fact]
    public void A_refused_directory_is_tried_again_only_when_it_changes_again()
    {
        var (source, watcher) = Start();
        var broken = Path.Combine(_manifests.Path, "broken.yaml");
        File.WriteAllText(broken, ReloadManifests.Refused);
        Assert.False(watcher.ReloadIfChanged());

        Assert.Null(watcher.ReloadIfChanged());

        File.Delete(broken);
        Assert.True(watcher.ReloadIfChanged());
        Assert.Null(source.LastFailure);
        Assert.Equal(2, source.Loaded.Generation);
    }

    [Fact]
    public void A_removed_route_is_404_again()
    {
        var (source, watcher) = Start();
        var orders = Path.Combine(_manifests.Path, "orders.yaml");
        File.WriteAllText(orders, ReloadManifests.OrdersRoute);
        Assert.True(watcher.ReloadIfChanged());

        File.Delete(orders);

        Assert.True(watcher.ReloadIfChanged());
        Assert.Null(source.Current.Match(Get(ReloadManifests.OrdersPath)));
        Assert.Equal(3, source.Loaded.Generation);
    }

    [Fact]
    public void A_missing_directory_is_refused_and_the_routes_keep_serving()
    {
        var (source, watcher) = Start();
        var moved = _manifests.Path + "-moved";
        Directory.Move(_manifests.Path, moved);
        try
        {
            Assert.False(watcher.ReloadIfChanged());
            Assert.Contains("directory not found", source.LastFailure?.Message, StringComparison.Ordinal);
            Assert.NotNull(source.Current.Match(Get("/api/customers")));
        }
        finally
        {
            Directory.Move(moved, _manifests.Path);
        }
    }

    [Fact]
    public void A_new_service_without_a_backend_url_is_a_warning_of_the_generation()
    {
        var (source, watcher) = Start();
        File.WriteAllText(Path.Combine(_manifests.Path, "orders.yaml"), ReloadManifests.OrdersRoute);

        Assert.True(watcher.ReloadIfChanged());

        var warning = Assert.Single(source.Warnings);
        Assert.Contains("Service ecommerce/order-service has no LocalMesh:Backends:ecommerce:order-service URL", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_dataplane_a_service_it_never_heard_of_is_dialled_in_plaintext_and_said_so()
    {
        var configuration = Config(("LocalMesh:Backends:ecommerce:order-service", "http://127.0.0.1:2"));
        var manifests = MeshManifests.LoadDirectory(_manifests.Path);
        var (source, watcher) = Start(configuration, Manifests.Topology.MeshTopology.From(manifests));
        File.WriteAllText(Path.Combine(_manifests.Path, "orders.yaml"), ReloadManifests.OrdersRoute);

        Assert.True(watcher.ReloadIfChanged());

        var warning = Assert.Single(source.Warnings);
        Assert.Contains("Service ecommerce/order-service is not in the dataplane's topology", warning, StringComparison.Ordinal);
        Assert.Contains("dials it in plaintext", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timer_looks_every_interval_on_the_injected_clock()
    {
        var configuration = Config(("LocalMesh:WatchInterval", "5s"));
        var (source, watcher) = Start(configuration);
        await watcher.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            File.WriteAllText(Path.Combine(_manifests.Path, "orders.yaml"), ReloadManifests.OrdersRoute);
            _time.Advance(TimeSpan.FromSeconds(4));
            // Nothing looks before the interval: the fake clock has not reached the first tick.
            Assert.Equal(1, source.Loaded.Generation);

            _time.Advance(TimeSpan.FromSeconds(1));

            Assert.True(await ReloadManifests.EventuallyAsync(() => Task.FromResult(source.Loaded.Generation == 2), TimeSpan.FromSeconds(10)),
                $"generation {source.Loaded.Generation} after the first tick; expected 2");
        }
        finally
        {
            await watcher.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Theory]
    [InlineData("LocalMesh:WatchInterval", "0s", "LocalMesh:WatchInterval=0s must be above zero")]
    [InlineData("LocalMesh:WatchInterval", "soon", "LocalMesh:WatchInterval")]
    [InlineData("LocalMesh:WatchManifests", "yes", "LocalMesh:WatchManifests=yes is not true or false")]
    public void Unreadable_watch_settings_are_refused_with_the_key(string key, string value, string expected)
    {
        var error = Assert.Throws<ManifestException>(() => RouteTableWatchOptions.FromConfiguration(Config((key, value))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Watching_without_a_manifests_directory_is_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["LocalMesh:WatchManifests"] = "true" }).Build();

        var error = Assert.Throws<ManifestException>(() => RouteTableWatchOptions.FromConfiguration(configuration));

        Assert.Contains("needs LocalMesh:Manifests", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void By_default_nothing_is_watched_and_the_interval_is_one_second()
    {
        var options = RouteTableWatchOptions.FromConfiguration(new ConfigurationBuilder().Build());

        Assert.Equal(new RouteTableWatchOptions(false, TimeSpan.FromSeconds(1)), options);
    }

    public void Dispose() => _manifests.Dispose();
}
