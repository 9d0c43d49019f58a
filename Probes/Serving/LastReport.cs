using AmbientVerify.Probes.Reporting;

namespace AmbientVerify.Probes.Serving;

/// <summary>The most recent run's report, shared between the periodic runner and the /report endpoints.</summary>
public sealed class LastReport
{
    private RunReport? _report;

    public RunReport? Current => Volatile.Read(ref _report);

    public void Set(RunReport report) => Volatile.Write(ref _report, report);
}
