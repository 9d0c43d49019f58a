using System.CommandLine;
using AmbientVerify.Probes.Cli;

// gate: run once and exit 0/1/2 (CI). serve: run periodically, serve /report and /metrics (Aspire, Grafana).
// Ctrl+C / SIGTERM cancel the run's token; System.CommandLine then waits this long before it ends the process. Its
// default of 2 s would cut off the cluster gate's clean-up of its twin routes, which has 30 s of its own.
return await ProbesCommandLine.Create().Parse(args)
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = ProbesCommandLine.TerminationGrace });
