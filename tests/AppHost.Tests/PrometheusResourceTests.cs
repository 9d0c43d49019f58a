using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using AmbientVerify.TestSupport.Prometheus;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// Prometheus as a resource of the local dashboard run (PrometheusResource): its model when the binary is found, the
/// warning when it is not, and the generated prometheus.yml as the real promtool and prometheus (Debian package
/// prometheus) read it.
/// </summary>
public sealed class PrometheusResourceTests
{
    private static readonly string[] AllJobs =
    [
        PrometheusResource.Jobs.Probes, PrometheusResource.Jobs.Gateway, PrometheusResource.Jobs.Ztunnel,
        PrometheusResource.Jobs.StandIns, PrometheusResource.Jobs.LoadTests, PrometheusResource.Jobs.Sidecar,
    ];

    [Fact]
    public void The_job_names_are_the_resource_names()
    {
        Assert.Equal(["probes", "localmesh", "ztunnel", "faulttarget", "loadtests", "sidecar"], AllJobs);
        // Every constant of Jobs is in AllJobs, so the config tests below cover each one.
        var declared = typeof(PrometheusResource.Jobs).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!);
        Assert.Equal(AllJobs.Order(), declared.Order());
    }

    [Fact]
    public async Task A_dashboard_run_starts_the_prometheus_on_path_with_a_generated_config_a_scratch_tsdb_and_a_readiness_check()
    {
        var binary = DebianBinary.Require(PrometheusResource.Binary, PrometheusResource.Package);
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--sample", "ambient"], TestContext.Current.CancellationToken);

        var prometheus = Assert.Single(builder.Resources.OfType<ExecutableResource>(), r => r.Name == PrometheusResource.ResourceName);

        Assert.Equal(binary, prometheus.Command);
        var endpoint = Assert.Single(prometheus.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("http", false), (endpoint.Name, endpoint.IsProxied));
        Assert.NotNull(endpoint.Port);
        var args = await ArgumentsAsync(prometheus);
        Assert.Collection(args,
            config => Assert.Matches(@"^--config\.file=.*/ambientverify-prometheus-[0-9a-f]{12}/prometheus\.yml$", config),
            storage => Assert.Matches(@"^--storage\.tsdb\.path=.*/ambientverify-prometheus-[0-9a-f]{12}/data$", storage),
            listen => Assert.Equal("--web.listen-address=127.0.0.1:{prometheus.bindings.http.port}", listen),
            level => Assert.Equal("--log.level=warn", level));
        Assert.Single(prometheus.Annotations.OfType<HealthCheckAnnotation>());
        // It scrapes every process of the ambient run (the dashboard shows them as its references).
        Assert.Equal(["faulttarget", "localmesh", "probes", "ztunnel"],
            prometheus.Annotations.OfType<ResourceRelationshipAnnotation>().Where(r => r.Resource != prometheus).Select(r => r.Resource.Name).Distinct().Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(Path.GetDirectoryName(args[0]["--config.file=".Length..])), "the scratch directory is made when Prometheus starts, not before");
    }

    [Fact]
    public async Task A_gate_run_has_no_prometheus()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--gate", "--sample", "ambient", "--output", ScratchDirectory.NewPath("ambientverify-prometheus")], TestContext.Current.CancellationToken);

        Assert.DoesNotContain(builder.Resources, r => r.Name == PrometheusResource.ResourceName);
    }

    [Fact]
    public void Without_the_binary_there_is_no_resource_and_one_warning_says_how_to_get_it()
    {
        var builder = DistributedApplication.CreateBuilder();
        var warnings = new List<string>();

        var prometheus = PrometheusResource.Add(builder, [], () => null, warnings.Add);

        Assert.Null(prometheus);
        Assert.DoesNotContain(builder.Resources, r => r.Name == PrometheusResource.ResourceName);
        Assert.Equal(
            ["Prometheus is not on PATH: install the Debian package prometheus (apt-get install prometheus) to get it as a resource; continuing without it"],
            warnings);
    }

    [Fact]
    public void The_lookup_finds_the_binary_in_the_first_path_directory_that_has_it()
    {
        var empty = Directory.CreateTempSubdirectory("ambientverify-path-").FullName;
        try
        {
            Assert.Null(PrometheusResource.Locate(empty));
            Assert.Null(PrometheusResource.Locate(""));
            Assert.Equal("/usr/bin/prometheus", PrometheusResource.Locate(string.Join(Path.PathSeparator, empty, "/usr/bin")));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task The_config_written_at_start_names_every_job_and_target_and_promtool_accepts_it()
    {
        var (prometheus, targets, ports) = WithTargets(AllJobs);
        try
        {
            await prometheus.WriteConfigAsync(targets, TestContext.Current.CancellationToken);

            var yaml = await File.ReadAllTextAsync(prometheus.ConfigFile, TestContext.Current.CancellationToken);
            Assert.Contains("  scrape_interval: 5s\n", yaml, StringComparison.Ordinal);
            foreach (var (job, port) in AllJobs.Zip(ports))
            {
                Assert.Contains($"  - job_name: \"{job}\"\n", yaml, StringComparison.Ordinal);
                Assert.Contains($"      - targets: [\"localhost:{port}\"]\n        labels: {{resource: \"{job}-1\"}}\n", yaml, StringComparison.Ordinal);
            }

            var (exitCode, output) = await RunAsync(DebianBinary.Require("promtool", PrometheusResource.Package), "check", "config", prometheus.ConfigFile);
            Assert.True(exitCode == 0, $"promtool check config failed ({exitCode}):\n{output}\n{yaml}");
        }
        finally
        {
            prometheus.RemoveScratch();
        }

        Assert.False(Directory.Exists(prometheus.ScratchDirectory));
    }

    [Fact]
    public async Task The_real_prometheus_scrapes_a_target_of_the_generated_config_under_its_job_and_resource()
    {
        using var metrics = new HttpListener();
        var port = TestSupport.LoopbackPorts.Free();
        metrics.Prefixes.Add($"http://localhost:{port}/");
        metrics.Start();
        _ = ServeMetricsAsync(metrics);
        var (prometheus, targets, _) = WithTargets([PrometheusResource.Jobs.Probes], port);
        try
        {
            await prometheus.WriteConfigAsync(targets, TestContext.Current.CancellationToken);
            var listen = $"127.0.0.1:{TestSupport.LoopbackPorts.Free()}";
            var start = new ProcessStartInfo(DebianBinary.Require(PrometheusResource.Binary, PrometheusResource.Package))
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var argument in (string[])[$"--config.file={prometheus.ConfigFile}", $"--storage.tsdb.path={Path.Combine(prometheus.ScratchDirectory, "data")}",
                         $"--web.listen-address={listen}", "--log.level=warn"])
            {
                start.ArgumentList.Add(argument);
            }

            using var server = Process.Start(start)!;
            var log = new StringBuilder();
            server.ErrorDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
            server.OutputDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
            server.BeginErrorReadLine();
            server.BeginOutputReadLine();
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                var query = new Uri($"http://{listen}/api/v1/query?query=" + Uri.EscapeDataString("ambientverify_test_up{job=\"probes\",resource=\"probes-1\"}"));
                var clock = Stopwatch.StartNew();
                var body = "";
                while (clock.Elapsed < TimeSpan.FromSeconds(30) && !server.HasExited)
                {
                    try
                    {
                        body = await http.GetStringAsync(query, TestContext.Current.CancellationToken);
                        using var json = JsonDocument.Parse(body);
                        if (json.RootElement.GetProperty("data").GetProperty("result").GetArrayLength() == 1)
                        {
                            return;
                        }
                    }
                    catch (HttpRequestException error)
                    {
                        body = error.Message; // not listening yet
                    }

                    await Task.Delay(250, TestContext.Current.CancellationToken);
                }

                string output;
                lock (log)
                {
                    output = log.ToString();
                }

                Assert.Fail($"Prometheus did not scrape the probes target within 30 s (exited: {server.HasExited}): {body}\n{output}");
            }
            finally
            {
                if (!server.HasExited)
                {
                    server.Kill();
                    await server.WaitForExitAsync(TestContext.Current.CancellationToken);
                }
            }
        }
        finally
        {
            metrics.Stop();
            prometheus.RemoveScratch();
        }
    }

    /// <summary>A Prometheus resource and its targets: one executable per job (named job-1), each on its own allocated port.</summary>
    private static (PrometheusResource Prometheus, List<PrometheusResource.Target> Targets, int[] Ports) WithTargets(IReadOnlyList<string> jobs, int? port = null)
    {
        var builder = DistributedApplication.CreateBuilder();
        var ports = jobs.Select(_ => port ?? TestSupport.LoopbackPorts.Free()).ToArray();
        var targets = new List<PrometheusResource.Target>();
        foreach (var (job, p) in jobs.Zip(ports))
        {
            var process = builder.AddExecutable($"{job}-1", "true", ".").WithHttpEndpoint(port: p, name: "http", isProxied: false);
            var annotation = process.Resource.Annotations.OfType<EndpointAnnotation>().Single();
            annotation.AllocatedEndpoint = new AllocatedEndpoint(annotation, "localhost", p);
            targets.Add(new PrometheusResource.Target(job, process.Resource.Name, process.GetEndpoint("http")));
        }

        var prometheus = PrometheusResource.Add(builder, targets, () => "/usr/bin/prometheus", warning => Assert.Fail(warning))!;
        return (prometheus, targets, ports);
    }

    private static async Task ServeMetricsAsync(HttpListener listener)
    {
        var body = Encoding.UTF8.GetBytes("# TYPE ambientverify_test_up gauge\nambientverify_test_up 1\n");
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            context.Response.ContentType = "text/plain; version=0.0.4";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static async Task<List<string>> ArgumentsAsync(IResource resource)
    {
        var args = new List<object>();
        var context = new CommandLineArgsCallbackContext(args, resource, TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return [.. args.Select(a => a switch
        {
            IManifestExpressionProvider expression => expression.ValueExpression,
            _ => a.ToString() ?? "",
        })];
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }
}
