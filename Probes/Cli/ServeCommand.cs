using System.CommandLine;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Serving;
using AmbientVerify.Probes.Telemetry;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// <c>serve</c>: a web app that runs the checks at start and then every --interval, exports the metrics on /metrics
/// and serves the last report at /report (JSON) and /report.md.
/// </summary>
internal static class ServeCommand
{
    public const string HttpClientName = "probes";

    public static Command Create(IConfiguration configuration)
    {
        var options = new ProbeOptions();
        var interval = ProbeOptions.IntervalOption();
        var command = new Command("serve", "Run the checks periodically; serve /report, /report.md and /metrics");
        options.AddTo(command);
        command.Add(interval);

        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (settings, errors) = options.Bind(parsed, configuration);
            var intervalErrors = new List<string>();
            var serve = new ServeOptions { Interval = ProbeOptions.Interval(parsed, interval, configuration, intervalErrors) };

            if (settings is null || intervalErrors.Count > 0)
            {
                await Console.Error.WriteLineAsync("serve: " + string.Join(Environment.NewLine + "serve: ", errors.Concat(intervalErrors))).ConfigureAwait(false);
                return 2;
            }

            var app = BuildApp(settings, serve);
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    public static WebApplication BuildApp(RunSettings settings, ServeOptions serve, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(args ?? []);
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(serve);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LastReport>();
        builder.Services.AddSingleton<ProbeMetrics>();
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
        return app;
    }
}
