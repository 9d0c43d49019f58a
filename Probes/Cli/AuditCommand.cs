using System.CommandLine;
using AmbientVerify.Probes.Cluster;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Running;
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
        var judgement = new ProbeOptions();
        var finish = new VerdictOutput(Name, Pushgateway.AuditJob);
        var command = new Command(Name, "Read a live cluster and judge it without traffic or writes (prechecks, config audit, routing, capture, mTLS config)");
        judgement.AddJudgementOptionsTo(command);
        cluster.AddTo(command);
        finish.AddTo(command);
        command.TreatUnmatchedTokensAsErrors = false;

        command.SetAction(async (parsed, cancellationToken) =>
        {
            var errors = parsed.UnmatchedTokens.Select(t => $"unknown option or argument '{t}' (see {Name} --help)").ToList();
            var (target, targetError) = cluster.Bind(parsed, configuration);
            if (targetError is not null)
            {
                errors.Add(targetError);
            }

            // The gate's binder, so an option means the same in both verbs; every problem is named at once.
            var (bound, runErrors) = judgement.BindForAudit(parsed, configuration);
            errors.AddRange(runErrors);
            if (errors.Count > 0 || target is null || bound is null)
            {
                await Console.Error.WriteLineAsync($"{Name}: " + string.Join(Environment.NewLine + $"{Name}: ", errors)).ConfigureAwait(false);
                return GateExitCode.Error;
            }

            var settings = ClusterAuditSettings.From(target, bound);

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

            return await finish.FinishAsync(parsed, configuration, report, loggers.CreateLogger<VerdictOutput>()).ConfigureAwait(false);
        });
        return command;
    }
}
