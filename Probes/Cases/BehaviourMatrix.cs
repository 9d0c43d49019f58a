using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Model;

namespace AmbientVerify.Probes.Cases;

/// <summary>
/// The behaviour matrix of DESIGN §3 as data. Fault parameters derive from the expected policy and every expected
/// value comes from <see cref="EnvoyRouterModel"/>, so changing the options changes the cases consistently. Each case's
/// id stands beside its sentence and never carries a value the options change (the stalled request's number of tries),
/// so dashboards and CI history keyed on it survive both rewording and other options.
/// </summary>
public static class BehaviourMatrix
{
    /// <summary>Check name of every matrix result in reports and metrics.</summary>
    public const string CheckName = "behaviour-matrix";

    /// <summary>The one result of a route whose expectations say <c>expect: none</c>, in place of its cases.</summary>
    public static readonly Verdicts.CheckCase Skipped = new("matrix-skipped", "the behaviour matrix is skipped for this route");

    public static IReadOnlyList<ProbeCase> Build(ExpectationOptions options)
    {
        options.ThrowIfInvalid();
        var policy = options.ToPolicy();
        var tolerance = options.Tolerance;
        var cases = new List<ProbeCase>();

        ProbeCase Case(string id, string sentence, FaultInstruction fault, Capability needs, Func<ExpectedOutcome, Expectation> expect)
        {
            var outcome = EnvoyRouterModel.Predict(policy, fault.ToScript());
            return new ProbeCase(id, sentence, fault, needs, expect(outcome), outcome);
        }

        Expectation StatusAndTries(ExpectedOutcome m) => Expect.Status(m.Status).And(Expect.Tries(m.Tries));
        Expectation Elapsed(ExpectedOutcome m) => Expect.ElapsedWithin(Clamp(m.ElapsedMin - tolerance), m.ElapsedMax + tolerance);
        Expectation ElapsedUpTo(ExpectedOutcome m, TimeSpan limit) =>
            Expect.ElapsedWithin(Clamp(m.ElapsedMin - tolerance), Max(m.ElapsedMax + tolerance, limit));

        cases.Add(Case("route-answers", "route answers through the gateway", FaultInstruction.None, Capability.None, StatusAndTries));

        foreach (var code in options.RetriedStatusCodes)
        {
            cases.Add(Case($"status-{code}-retried-until-success", $"{code} is retried until success",
                FaultInstruction.FailFirst(options.Retries, code), Capability.RetryOnStatus, StatusAndTries));
            cases.Add(Case($"status-{code}-returned-after-retries", $"{code} is returned after the retries run out",
                FaultInstruction.FailFirst(options.Retries + 1, code), Capability.RetryOnStatus, StatusAndTries));
        }

        cases.Add(Case("reset-retried", "a reset is retried", FaultInstruction.ResetFirst(options.Retries), Capability.RetryOnReset, StatusAndTries));

        // Half the per-try timeout: clearly slow, clearly within the limit (5s for the defaults). It must really
        // have waited (no earlier timeout) and must end before the per-try timeout would have cut it: how much
        // sooner is scheduling, not mesh policy, so the upper bound is the limit the case is named after.
        cases.Add(Case("slow-answer-within-per-try-timeout", "a slow answer within the per-try timeout succeeds",
            FaultInstruction.DelayEveryTry(options.PerTryTimeout / 2), Capability.None,
            m => StatusAndTries(m).And(ElapsedUpTo(m, options.PerTryTimeout))));

        // The first try stalls past the per-try timeout: the answer must come after that timeout and before the
        // stall would have ended by itself (past that, the gateway waited the stall out instead of retrying).
        var stall = options.PerTryTimeout + options.StallMargin;
        cases.Add(Case("stalled-try-retried", "a stalled try is retried",
            FaultInstruction.DelayTry(1, stall), Capability.RetryOnPerTryTimeout,
            m => StatusAndTries(m).And(ElapsedUpTo(m, stall))));

        var stallAll = FaultInstruction.DelayEveryTry(options.RequestTimeout + options.StallAllMargin);
        cases.Add(Case("stalled-request-ends-at-request-timeout", "a stalled request ends at the request timeout", stallAll, Capability.RouteTimeout,
            m => Expect.Status(m.Status).And(Elapsed(m))));

        // The sentence says how many tries (it follows the options); the id does not.
        var stalledTries = EnvoyRouterModel.Predict(policy, stallAll.ToScript()).Tries;
        cases.Add(Case("stalled-request-retried-before-timeout", $"a stalled request is tried {stalledTries} times first", stallAll, Capability.RetryOnPerTryTimeout,
            m => Expect.Tries(m.Tries)));

        return cases;
    }

    private static TimeSpan Clamp(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
