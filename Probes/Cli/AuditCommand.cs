using System.CommandLine;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Versions;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Cluster.Reading;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Running;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// <c>audit</c>: read a live cluster (get and list only: no traffic, no writes), judge it with the prechecks and the
/// static checks (<see cref="ClusterAuditRun"/>), write the gate's report files and exit with the gate's codes:
/// 0 passed, 1 a fail (or a gap under --strict), 2 an error or a cluster that could not be read.
/// </summary>
internal static class AuditCommand
{
    public const string Name = "audit";

    public static Command Create(IConfiguration configuration)
    {
        var cluster = new ClusterOptions();
        var output = new Option<string?>("--output") { Description = "Directory for report.json, junit.xml, report.md (default artifacts)" };
        var expect = new Option<string?>("--expect") { Description = "Expected mesh mode: ambient | sidecar (default ambient)" };
        var gatewayName = new Option<string?>("--gateway-name") { Description = "Main Gateway name or namespace/name (default: the one with most routes)" };
        var istioVersion = new Option<string?>("--istio-version") { Description = "Istio version to assume instead of the istiod image's" };
        var channel = new Option<string?>("--gateway-api-channel") { Description = "standard | experimental, instead of the installed HTTPRoute CRD's" };
        var expectations = new Option<string?>("--expectations") { Description = "Per-route expectations file (YAML)" };
        var strict = new Option<bool>("--strict") { Description = "Count gaps as failures" };
        var command = new Command(Name, "Read a live cluster and judge it without traffic or writes (prechecks, config audit, routing, capture, mTLS config)")
        {
            output, expect, gatewayName, istioVersion, channel, expectations, strict,
        };
        cluster.AddTo(command);
        command.TreatUnmatchedTokensAsErrors = false;

        command.SetAction(async (parsed, cancellationToken) =>
        {
            string? Value(Option<string?> option, string key) => ProbeOptions.Read(parsed, option, configuration, key);
            var errors = parsed.UnmatchedTokens.Select(t => $"unknown option or argument '{t}' (see {Name} --help)").ToList();
            var (target, targetError) = cluster.Bind(parsed, configuration);
            if (targetError is not null)
            {
                errors.Add(targetError);
            }

            var expectText = Value(expect, "Expect") ?? "ambient";
            if (!Enum.TryParse<MeshMode>(expectText, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
            {
                errors.Add($"--expect '{expectText}' must be ambient or sidecar");
            }

            IstioVersion? istio = null;
            GatewayApiChannel? gatewayApiChannel = null;
            try
            {
                istio = Value(istioVersion, "IstioVersion") is { } text ? IstioVersion.Parse(text) : null;
            }
            catch (FormatException e)
            {
                errors.Add("--" + e.Message);
            }

            try
            {
                gatewayApiChannel = Value(channel, "GatewayApiChannel") is { } text ? GatewayApiChannels.Parse(text) : null;
            }
            catch (FormatException e)
            {
                errors.Add("--" + e.Message);
            }

            var plan = new ExpectationOptions();
            ExpectationsFile? file = null;
            if (errors.Count == 0 && Value(expectations, "Expectations") is { } path)
            {
                try
                {
                    file = ExpectationsFileReader.Load(path, plan);
                }
                catch (ManifestException e)
                {
                    errors.Add($"--expectations: {e.Message}");
                }
            }

            if (errors.Count > 0 || target is null)
            {
                await Console.Error.WriteLineAsync($"{Name}: " + string.Join(Environment.NewLine + $"{Name}: ", errors)).ConfigureAwait(false);
                return GateExitCode.Error;
            }

            var settings = new ClusterAuditSettings(target, mode, Value(gatewayName, "GatewayName"), plan)
            {
                IstioVersion = istio,
                GatewayApiChannel = gatewayApiChannel,
                ExpectationsFile = file,
            };
            var isStrict = parsed.GetValue(strict) || bool.TryParse(configuration["Probes:Strict"], out var s) && s;
            var directory = Value(output, "Output") ?? "artifacts";

            using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(c => c.SingleLine = true));
            var run = new ClusterAuditRun(TimeProvider.System, loggers);
            RunReport report;
            try
            {
                using var client = target.Connect();
                report = await run.ExecuteAsync(settings, client, cancellationToken).ConfigureAwait(false);
            }
            catch (ClusterAccessException e)
            {
                report = run.Refused(settings, await ClusterOptions.DescribeAsync(target, e, cancellationToken).ConfigureAwait(false));
            }

            await ReportFiles.WriteAsync(report, directory, isStrict, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(ConsoleSummary.Render(report));
            var exitCode = GateExitCode.For(report, isStrict);
            Console.WriteLine($"reports written to {Path.GetFullPath(directory)}; exit code {exitCode}");
            return exitCode;
        });
        return command;
    }
}
