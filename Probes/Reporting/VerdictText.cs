using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Reporting;

/// <summary>How verdicts are written in every report.</summary>
internal static class VerdictText
{
    public static string Name(Verdict verdict) => verdict.ToString().ToLowerInvariant();
}
