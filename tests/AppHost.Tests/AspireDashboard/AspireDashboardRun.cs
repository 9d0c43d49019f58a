using System.Diagnostics;
using System.Globalization;
using System.Text;
using AmbientVerify.TestSupport;

namespace AmbientVerify.AppHost.Tests.AspireDashboard;

/// <summary>
/// The AppHost's dashboard run (not --gate) as a child process, its Aspire dashboard on free loopback ports without a
/// login: the variables Properties/launchSettings.json sets for `dotnet run`, named as in dotnet/aspire
/// src/Shared/KnownConfigNames.cs. Disposing stops it and everything it started (DCP and its processes too).
/// </summary>
public sealed class AspireDashboardRun : IAsyncDisposable
{
    private readonly Process _appHost;
    private readonly StringBuilder _stdout;
    private readonly StringBuilder _stderr;

    private AspireDashboardRun((Process Process, StringBuilder Stdout, StringBuilder Stderr) appHost, Uri dashboard)
    {
        (_appHost, _stdout, _stderr) = appHost;
        Dashboard = dashboard;
    }

    public Uri Dashboard { get; }

    /// <summary>What the AppHost printed so far (stdout, then stderr), for a failure message.</summary>
    public string Output
    {
        get
        {
            lock (_stdout)
            lock (_stderr)
            {
                return _stdout + _stderr.ToString();
            }
        }
    }

    public static async Task<AspireDashboardRun> StartAsync(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var dashboard = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        var run = new AspireDashboardRun(AppHostProcess.StartWith(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = dashboard.AbsoluteUri.TrimEnd('/'),
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
            ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
        }, [.. args]), dashboard);
        try
        {
            await run.WaitForDashboardAsync(cancellationToken);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    private async Task WaitForDashboardAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (_appHost.HasExited)
            {
                throw new InvalidOperationException($"the AppHost exited with code {_appHost.ExitCode} before its dashboard answered:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(Dashboard, cancellationToken)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Busy starting.
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var started = ProcessTree.StartedBy(_appHost.Id);
        if (!_appHost.HasExited)
        {
            // SIGTERM: the AppHost stops its resources itself, as on Ctrl+C.
            using (var term = Process.Start("kill", ["-TERM", _appHost.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _appHost.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _appHost.Kill(entireProcessTree: true);
            }
        }

        // Whatever outlived it (DCP is not its child) is killed by id: never leave a mesh running for the next test.
        foreach (var member in started.Where(m => ProcessTree.IsAlive(m.Pid)))
        {
            try
            {
                using var process = Process.GetProcessById(member.Pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // It ended meanwhile.
            }
        }

        _appHost.Dispose();
    }
}
