namespace AmbientVerify.Probes.Tests.Telemetry;

/// <summary>
/// Tests that scrape the OpenTelemetry Prometheus exporter: it reads every meter named AmbientVerify in the test
/// process, whichever host created it, so series recorded by a test running alongside would show in another's scrape.
/// They run one at a time, with no other test.
/// </summary>
[CollectionDefinition(nameof(ProcessWideMeters), DisableParallelization = true)]
public sealed class ProcessWideMeters;
