using System.CommandLine;
using AmbientVerify.Probes.Reporting;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// <c>check</c>: validates the settings <c>gate</c> and <c>serve</c> take (options or <c>Probes__*</c> environment), apart
/// from the target, and exits 0 when they are valid, else 2 printing each problem as <c>gate</c> would. Sends nothing.
/// </summary>
/// <remarks>
/// The AppHost runs it before it starts anything, so a bad <c>--Probes:MaxRps=100000</c> is refused in the probes' own
/// words while nothing is running yet, instead of after every process of the run has started.
/// </remarks>
internal static class CheckCommand
{
    public const string Name = "check";

    public static Command Create(IConfiguration configuration)
    {
        var options = new ProbeOptions();
        var interval = ProbeOptions.IntervalOption();
        var command = new Command(Name, "Check the settings gate and serve would use, and exit 0 (valid) or 2 (each problem printed)");
        options.AddTo(command);
        command.Add(interval);

        command.SetAction(async (parsed, _) =>
        {
            var errors = options.SettingsProblems(parsed, configuration).ToList();
            ProbeOptions.Interval(parsed, interval, configuration, errors);
            if (errors.Count == 0)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync("check: " + string.Join(Environment.NewLine + "check: ", errors)).ConfigureAwait(false);
            return GateExitCode.Error;
        });
        return command;
    }
}
