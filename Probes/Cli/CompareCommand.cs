using System.CommandLine;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Resources;

namespace AmbientVerify.Probes.Cli;

/// <summary>
/// <c>compare BEFORE.json AFTER.json</c>: the sidecar snapshot against the ambient one; writes compare.json and
/// compare.md, prints a short summary, and exits 0, or 2 with a clear message (missing, malformed or wrong-version
/// file, wrong modes, unknown option).
/// </summary>
internal static class CompareCommand
{
    public const string Name = "compare";

    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "BEFORE.json (sidecar) and AFTER.json (ambient), as written by snapshot", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string?>("--output") { Description = "Directory for compare.json, compare.md and compare.html (default artifacts)" };
        var command = new Command(Name, "Compare a sidecar snapshot with an ambient one: gross, added and net savings, the plan's claim, break-even")
        {
            files, output,
        };
        command.TreatUnmatchedTokensAsErrors = false;

        command.SetAction(async (parsed, _) =>
        {
            var paths = parsed.GetValue(files) ?? [];
            var unknown = parsed.UnmatchedTokens.Concat(paths.Where(p => p.StartsWith("--", StringComparison.Ordinal))).ToList();
            string? problem = unknown.Count > 0 ? $"unknown option '{unknown[0]}' (see {Name} --help)"
                : paths.Length != 2 ? $"expected two files, BEFORE.json (sidecar) and AFTER.json (ambient); got {paths.Length}"
                : null;
            ResourceComparison? comparison = null;
            if (problem is null)
            {
                try
                {
                    comparison = ResourceComparison.Compare(ResourceSnapshotFile.Read(paths[0]), ResourceSnapshotFile.Read(paths[1]));
                }
                catch (Exception e) when (e is ResourceFileException or ArgumentException)
                {
                    problem = e.Message;
                }
            }

            if (comparison is null)
            {
                await Console.Error.WriteLineAsync($"{Name}: {problem}").ConfigureAwait(false);
                return GateExitCode.Error;
            }

            var (json, markdown) = ComparisonFiles.Write(comparison, parsed.GetValue(output) ?? "artifacts");
            Console.WriteLine(Summary(comparison));
            Console.WriteLine($"written to {Path.GetFullPath(json)} and {Path.GetFullPath(markdown)} ({ComparisonHtml.FileName} beside it)");
            return 0;
        });
        return command;
    }

    public static string Summary(ResourceComparison comparison)
    {
        var requests = comparison.On(SavingsBases.Requests);
        var lines = new List<string>
        {
            $"plan's claim: {comparison.Plan.StatedText} ({comparison.Plan.StatedArithmetic})",
            $"the plan's way: {comparison.Plan.PlanWayArithmetic}",
            $"net memory saving by requests: {requests.MemoryArithmetic}",
            $"net CPU saving by requests: {requests.CpuArithmetic}",
            ComparisonMarkdown.BreakEvenSentence(requests, comparison.After.NodeCount),
            $"usage: {(comparison.On(SavingsBases.UsageAvg).NotMeasured ?? $"net {ResourceText.Memory(comparison.On(SavingsBases.UsageAvg).Net.MemoryBytes)} avg memory")}",
        };
        if (comparison.UsageFromLocalStandIns)
        {
            lines.Add(ComparisonMarkdown.StandInWarning);
        }

        return string.Join(Environment.NewLine, lines);
    }
}
