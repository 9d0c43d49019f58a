using System.CommandLine;
using AmbientVerify.Probes.Resources;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Serving;
using AmbientVerify.Probes.Telemetry;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// <c>serve</c>: a web app that runs the checks at start and then every --interval, exports the metrics on /metrics
/// and serves the last report at / (report.html), /report (JSON), /report.md and /summary (one line); POST /run starts
/// a run now; with --comparison also a comparison's figures (/metrics and /compare.md).
/// </summary>
internal static class ServeCommand
{
    public const string HttpClientName = "probes";

    public static Command Create(IConfiguration configuration)
    {
        var options = new ProbeOptions();
        var interval = ProbeOptions.IntervalOption();
        var comparison = new Option<string?>("--comparison")
        {
            Description = "A compare.json (from `compare` or the AppHost's --compare) to export on /metrics (ambientverify_dataplane_*, ambientverify_load_*) and show at /compare.md",
        };
        var command = new Command("serve", "Run the checks periodically (or now: POST /run); serve /, /report, /report.md, /summary and /metrics");
        options.AddTo(command);
        command.Add(interval);
        command.Add(comparison);

        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (settings, errors) = options.Bind(parsed, configuration);
            var intervalErrors = new List<string>();
            var serve = new ServeOptions { Interval = ProbeOptions.Interval(parsed, interval, configuration, intervalErrors), Comparison = parsed.GetValue(comparison) };
            ResourceComparison? loaded = null;
            if (serve.Comparison is { } file)
            {
                try
                {
                    loaded = ComparisonFiles.Parse(File.ReadAllText(file), file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ResourceFileException)
                {
                    intervalErrors.Add($"--comparison {file}: {e.Message}");
                }
            }

            if (settings?.Target == ProbeOptions.ClusterTarget)
            {
                // serve's runs are the local ProbeRun; a cluster is probed on a schedule by the CronJob's gate runs.
                intervalErrors.Add("--target cluster is not served: schedule 'gate --target cluster' instead (deploy/cronjob.yaml) and scrape or push its metrics");
            }

            if (settings is null || intervalErrors.Count > 0)
            {
                await Console.Error.WriteLineAsync("serve: " + string.Join(Environment.NewLine + "serve: ", errors.Concat(intervalErrors))).ConfigureAwait(false);
                return 2;
            }

            var app = BuildApp(settings, serve, comparison: loaded);
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    public static WebApplication BuildApp(RunSettings settings, ServeOptions serve, string[]? args = null, ResourceComparison? comparison = null)
    {
        var builder = WebApplication.CreateBuilder(args ?? []);
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(serve);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LastReport>();
        builder.Services.AddSingleton<RunNowTrigger>();
        builder.Services.AddSingleton<ProbeMetrics>();
        builder.Services.AddSingleton<DataplaneMetrics>();
        builder.Services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(ProbeHttp.CreateHandler);
        builder.Services.AddSingleton(sp => new ProbeRun(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHostedService<PeriodicProbeService>();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapReportEndpoints();
        app.MapRunNowEndpoint();
        if (comparison is not null)
        {
            // Observable gauges are read at each scrape: recording the comparison once makes it part of every /metrics.
            app.Services.GetRequiredService<DataplaneMetrics>().Record(comparison);
            var markdown = ComparisonMarkdown.Render(comparison);
            app.MapGet("/compare.md", () => Results.Text(markdown, "text/markdown; charset=utf-8"));
        }

        return app;
    }
}
