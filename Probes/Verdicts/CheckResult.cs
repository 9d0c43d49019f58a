using AmbientVerify.Probes.Cases;

namespace AmbientVerify.Probes.Verdicts;

/// <summary>One verdict of one check (a matrix case on a route, or a config-audit finding).</summary>
/// <param name="Check">"behaviour-matrix" or "config-audit".</param>
/// <param name="Route">The route (or, for the audit, the object) the result is about.</param>
/// <param name="Case">The case name or audit rule, as a sentence.</param>
/// <param name="Message">Why: what was expected, what came back, the remedy or the gap's reason.</param>
/// <param name="Remedy">The fix derived from the manifests, when the verdict is a fail.</param>
public sealed record CheckResult(
    string Check,
    string Route,
    string Case,
    Verdict Verdict,
    string Message,
    ExpectedValues? Expected = null,
    Observation? Observed = null,
    string? Remedy = null);
