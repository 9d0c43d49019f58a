using AmbientVerify.Probes.Cli;

// gate: run once and exit 0/1/2 (CI). serve: run periodically, serve /report and /metrics (Aspire, Grafana).
return await ProbesCommandLine.Create().Parse(args).InvokeAsync();
