using AmbientVerify.Probes.Cases;

namespace AmbientVerify.Probes.Verdicts;

/// <summary>One verdict of one check: a case (a matrix case on a route, an audit rule on an object, ...) on a subject.</summary>
/// <param name="Check">The check's name: "behaviour-matrix", "config-audit", "capture", "mtls", "plaintext", "legacy-mtls-config".</param>
/// <param name="Subject">What the result is about: a route, a Namespace, a Deployment, a DestinationRule, all manifests.</param>
/// <param name="CaseId">The case's stable id ("status-500-retried-until-success"): what reports, metrics and tests key on.</param>
/// <param name="Case">The case as a sentence ("500 is retried until success"); may be reworded, unlike <paramref name="CaseId"/>.</param>
/// <param name="Message">Why: what was expected, what came back, the remedy or the gap's reason.</param>
/// <param name="Remedy">The fix derived from the manifests, when the verdict is a fail.</param>
/// <param name="Capability">
/// What the route must be able to express for the case to be a fail rather than a gap (<see cref="CapabilityIds"/>,
/// "retry-on-status"); null when the case needs nothing particular, and for every check but the matrix.
/// </param>
public sealed record CheckResult(
    string Check,
    Subject Subject,
    string CaseId,
    string Case,
    Verdict Verdict,
    string Message,
    ExpectedValues? Expected = null,
    Observation? Observed = null,
    string? Remedy = null,
    string? Capability = null)
{
    public string CaseId { get; init => field = CheckCase.ThrowIfInvalidId(value); } = CheckCase.ThrowIfInvalidId(CaseId);

    /// <summary>A result of <paramref name="case"/>, with its id and sentence.</summary>
    public CheckResult(string check, Subject subject, CheckCase @case, Verdict verdict, string message, string? remedy = null)
        : this(check, subject, @case.Id, @case.Sentence, verdict, message, Remedy: remedy)
    {
    }
}
