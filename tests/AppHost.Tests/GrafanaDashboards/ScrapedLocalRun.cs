using System.Diagnostics;
using AmbientVerify.Probes.Audit;
using AmbientVerify.TestSupport.Prometheus;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AmbientVerify.AppHost.Tests.GrafanaDashboards;

/// <summary>
/// One real dashboard run for <see cref="DashboardQueriesTests"/>: after the suite's short <c>--compare</c> (the short
/// load, <see cref="ShortCompare"/>), the dashboard run of the AppHost with its <c>--output</c>, so its probes serve the comparison's
/// figures beside their verdicts, and its own <c>prometheus</c> resource (PrometheusResource) scrapes probes, gateway,
/// ztunnel and stand-ins. Ready once the probes' first matrix run has ended and been scraped. Dispose stops every
/// process and removes the run's mesh CA and Prometheus' scratch directory.
/// </summary>
public sealed class ScrapedLocalRun(ShortCompare compare) : IAsyncLifetime
{
    private static readonly TimeSpan StartUp = TimeSpan.FromMinutes(4);

    private IDistributedApplicationTestingBuilder? _builder;
    private DistributedApplication? _app;

    public PrometheusHttpApi Prometheus { get; private set; } = null!;

    /// <summary>How long the compare took, and the dashboard run until its first matrix run was scraped, for the report.</summary>
    public TimeSpan Compared { get; private set; }

    public TimeSpan Ready { get; private set; }

    public async ValueTask InitializeAsync()
    {
        DebianBinary.Require(PrometheusResource.Binary, PrometheusResource.Package);
        using var timeout = new CancellationTokenSource(StartUp);
        var clock = Stopwatch.StartNew();
        var output = compare.Output;
        Assert.True(compare.Run.ExitCode == GateExitCodes.Passed, $"the short compare exited {compare.Run.ExitCode}\n{compare.Run.Stdout}\n{compare.Run.Stderr}");
        Compared = compare.Took;

        _builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--output", output], timeout.Token);
        _app = await _builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(PrometheusResource.ResourceName, timeout.Token);
        Prometheus = new PrometheusHttpApi(_app.GetEndpoint(PrometheusResource.ResourceName, "http"));
        // The probes record a run's results when it ends; plaintext is its last phase. One more scrape interval after
        // that, so every rate() of the dataplane counters has two samples of the matrix traffic.
        await Prometheus.WaitForAsync("ambientverify_check_passed{check=\"plaintext\"}", r => r.Count > 0, StartUp - clock.Elapsed, timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(int.Parse(PrometheusResource.ScrapeInterval.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture)), timeout.Token);
        Ready = clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        Prometheus?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_builder is not null)
        {
            await GateHarness.RemoveMeshCaAsync(_builder);
            if (_builder.Resources.SingleOrDefault(r => r.Name == PrometheusResource.ResourceName) is { } prometheus)
            {
                RemoveScratch(await StorageDirectoryAsync(prometheus));
            }

            await _builder.DisposeAsync();
        }
    }

    /// <summary>The --storage.tsdb.path Program.cs gives Prometheus: inside the scratch directory PrometheusResource made for the run.</summary>
    private static async Task<string?> StorageDirectoryAsync(IResource prometheus)
    {
        var args = new List<object>();
        var context = new CommandLineArgsCallbackContext(args, prometheus, CancellationToken.None);
        foreach (var callback in prometheus.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        const string Storage = "--storage.tsdb.path=";
        return args.OfType<string>().FirstOrDefault(a => a.StartsWith(Storage, StringComparison.Ordinal))?[Storage.Length..];
    }

    private static void RemoveScratch(string? storage)
    {
        if (Path.GetDirectoryName(storage) is { } scratch && Path.GetFileName(scratch).StartsWith("ambientverify-prometheus-", StringComparison.Ordinal) &&
            Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
