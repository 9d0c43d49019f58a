using System.CommandLine;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// <c>gate</c>: run everything once, write report.json / junit.xml / report.md, print the summary, and exit
/// 0 (passed), 1 (a case failed, or a gap under --strict) or 2 (a case errored, or the run could not start).
/// <c>--target local</c> (default) probes a gateway whose manifests are <c>--manifests</c> (<see cref="ProbeRun"/>);
/// <c>--target cluster</c> reads the live cluster and runs the matrix on twin routes (<see cref="ClusterProbeRun"/>).
/// </summary>
internal static class GateCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var options = new ProbeOptions();
        var cluster = new ClusterGateOptions();
        var finish = new VerdictOutput("gate", Pushgateway.GateJob);
        var command = new Command("gate", "Run the checks once and exit with the verdict (CI quality gate)");
        options.AddTo(command);
        cluster.AddTo(command);
        finish.AddTo(command);

        command.SetAction(async (parsed, cancellationToken) =>
        {
            var isCluster = options.TargetOf(parsed, configuration, []) == ProbeOptions.ClusterTarget;
            var dryRun = isCluster && cluster.IsDryRun(parsed, configuration);
            var (settings, errors) = dryRun ? options.BindWithoutGateway(parsed, configuration) : options.Bind(parsed, configuration);
            var refused = settings is null ? errors
                : isCluster ? ClusterGateOptions.RefusedForCluster(parsed, command)
                : cluster.RefusedForLocal(parsed);
            if (settings is null || refused.Count > 0)
            {
                return await RefuseAsync(refused).ConfigureAwait(false);
            }

            // Declared first, disposed last: the loggers flush their OTLP logs, then the spans and metrics go.
            using var telemetry = GateTelemetry.Start();
            using var loggers = LoggerFactory.Create(logging => telemetry.AddTo(logging.AddSimpleConsole(c => c.SingleLine = true)));
            using var http = ProbeHttp.CreateClient(options.SkipsTlsVerify(parsed, configuration));

            RunReport report;
            if (isCluster)
            {
                var (clusterSettings, clusterErrors) = cluster.Bind(parsed, configuration, settings);
                if (clusterSettings is null)
                {
                    return await RefuseAsync(clusterErrors).ConfigureAwait(false);
                }

                var run = new ClusterProbeRun(http, TimeProvider.System, loggers);
                if (clusterSettings.DryRun)
                {
                    return await DryRunAsync(run, clusterSettings, cancellationToken).ConfigureAwait(false);
                }

                report = await RunClusterAsync(run, clusterSettings, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                report = await new ProbeRun(http, TimeProvider.System, loggers).ExecuteAsync(settings, cancellationToken).ConfigureAwait(false);
            }

            telemetry.Record(report);
            return await finish.FinishAsync(parsed, configuration, report, loggers.CreateLogger<VerdictOutput>()).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RefuseAsync(IReadOnlyList<string> errors)
    {
        await Console.Error.WriteLineAsync("gate: " + string.Join(Environment.NewLine + "gate: ", errors)).ConfigureAwait(false);
        return GateExitCode.Error;
    }

    private static async Task<RunReport> RunClusterAsync(ClusterProbeRun run, ClusterGateSettings settings, CancellationToken ct)
    {
        try
        {
            using var client = settings.Audit.Cluster.Connect();
            return await run.ExecuteAsync(settings, client, ct).ConfigureAwait(false);
        }
        catch (ClusterAccessException e)
        {
            return run.Refused(settings, await ClusterOptions.DescribeAsync(settings.Audit.Cluster, e, ct).ConfigureAwait(false));
        }
    }

    /// <summary><c>--dry-run</c>: the YAML on stdout (exit 0), or why there is no plan on stderr (exit 2). Nothing is written.</summary>
    private static async Task<int> DryRunAsync(ClusterProbeRun run, ClusterGateSettings settings, CancellationToken ct)
    {
        string? yaml;
        string? problem;
        try
        {
            using var client = settings.Audit.Cluster.Connect();
            (yaml, problem) = await run.DryRunAsync(settings, client, ct).ConfigureAwait(false);
        }
        catch (ClusterAccessException e)
        {
            (yaml, problem) = (null, await ClusterOptions.DescribeAsync(settings.Audit.Cluster, e, ct).ConfigureAwait(false));
        }

        if (yaml is null)
        {
            return await RefuseAsync([problem ?? "no plan"]).ConfigureAwait(false);
        }

        Console.Write(yaml);
        return GateExitCode.Passed;
    }
}
