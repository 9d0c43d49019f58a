using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Reporting;

/// <summary>The gate's exit codes: a pipeline stage reads these.</summary>
public static class GateExitCode
{
    /// <summary>Nothing failed (gaps allowed unless strict).</summary>
    public const int Passed = 0;

    /// <summary>A case failed, or a gap was found under --strict.</summary>
    public const int Failed = 1;

    /// <summary>A case errored, or the run could not start (bad manifests, unreachable gateway, bad options).</summary>
    public const int Error = 2;

    /// <summary>An error outweighs a fail: a run that could not look proves nothing either way.</summary>
    public static int For(RunReport report, bool strict)
    {
        if (report.Problem is not null || report.Results.Count == 0 || report.Count(Verdict.Error) > 0)
        {
            return Error;
        }

        return report.Count(Verdict.Fail) > 0 || (strict && report.Count(Verdict.Gap) > 0) ? Failed : Passed;
    }
}
