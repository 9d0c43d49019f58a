using System.CommandLine;
using AmbientVerify.LoadTests.Bench;

namespace AmbientVerify.LoadTests.Cli;

/// <summary>
/// The command line: the load run (root command) and <c>target</c>, the tiny loopback endpoint the benchmark script
/// aims every tool at. A parse error (an unknown option included) exits 2 before anything is sent.
/// </summary>
public static class LoadCommandLine
{
    /// <summary>Ctrl+C / SIGTERM cancel the run; this is how long the partial reports may take before the process is ended anyway.</summary>
    public static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(15);

    public static RootCommand Create(TextWriter error)
    {
        var options = new LoadOptions();
        var root = new RootCommand("AmbientVerify load tests: NBomber-style scenarios from the gateway's routes, open model without coordinated omission");
        options.AddTo(root);
        root.SetAction(async (parsed, cancellationToken) =>
        {
            var (settings, errors) = options.Bind(parsed, RepositoryPaths.DefaultManifests);
            if (settings is null)
            {
                await error.WriteLineAsync("load: " + string.Join(Environment.NewLine + "load: ", errors)).ConfigureAwait(false);
                return LoadExitCode.RefusedOrInterrupted;
            }

            return await RunAction.RunAsync(settings, error, cancellationToken).ConfigureAwait(false);
        });
        root.Add(BenchTarget.Command());
        return root;
    }

    /// <param name="cancellationToken">Stops the run as Ctrl+C does (tests; the process's signals are wired by System.CommandLine).</param>
    public static async Task<int> InvokeAsync(string[] args, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parsed = Create(error).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync("load: " + problem.Message).ConfigureAwait(false);
            }

            return LoadExitCode.RefusedOrInterrupted;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TerminationGrace }, cancellationToken).ConfigureAwait(false);
    }
}
