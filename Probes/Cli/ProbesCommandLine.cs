using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.Probes.Cli;

/// <summary>The verbs: gate (run once, exit code), serve (periodic runs behind a web app), check, and snapshot / compare (dataplane resources).</summary>
internal static class ProbesCommandLine
{
    /// <summary>How long a run may take to end after Ctrl+C: above the twin routes' clean-up deadline (TwinOptions.CleanupDeadline, 30 s).</summary>
    public static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(45);

    public static RootCommand Create()
    {
        // Environment first: Aspire and CI pass options as Probes__Gateway etc. when not on the command line.
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        return new RootCommand("AmbientVerify probes: the behaviour matrix, config audit and mesh checks (capture, mtls, plaintext, legacy-mtls-config) against a gateway")
        {
            GateCommand.Create(configuration),
            AuditCommand.Create(configuration),
            ServeCommand.Create(configuration),
            CheckCommand.Create(configuration),
            SnapshotCommand.Create(),
            CompareCommand.Create(),
        };
    }
}
