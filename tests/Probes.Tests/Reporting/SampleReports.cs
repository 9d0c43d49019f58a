using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Reporting;

internal static class SampleReports
{
    public static readonly CheckResult Passed = new("behaviour-matrix", "customer-service-route", "500 is retried until success", Verdict.Pass,
        "status 200 after 4 tries in 0.05s, as expected", new ExpectedValues(200, 4), new Observation(200, 4, TimeSpan.FromMilliseconds(50)));

    public static readonly CheckResult Failed = new("behaviour-matrix", "customer-service-route", "500 is returned after the retries run out", Verdict.Fail,
        "expected status 500 and 4 tries; got status 500 after 1 try in 0.01s. Remedy: add spec.rules[].retry",
        new ExpectedValues(500, 4), new Observation(500, 1, TimeSpan.FromMilliseconds(10)), "add spec.rules[].retry");

    public static readonly CheckResult Gap = new("behaviour-matrix", "order-service-route", "a reset is retried", Verdict.Gap,
        "an HTTPRoute on an Istio gateway cannot retry a reset", new ExpectedValues(200, 4), new Observation(503, 1, TimeSpan.FromMilliseconds(5)));

    public static readonly CheckResult Errored = new("behaviour-matrix", "order-service-route", "route answers through the gateway", Verdict.Error,
        "could not look: connection refused", new ExpectedValues(200, 1));

    public static readonly CheckResult Timed = new("behaviour-matrix", "order-service-route", "a stalled request ends at the request timeout", Verdict.Pass,
        "ok", new ExpectedValues(504, null, TimeSpan.FromSeconds(29.5), TimeSpan.FromSeconds(30.5)), new Observation(504, 3, TimeSpan.FromSeconds(30.02)));

    public static RunReport With(params CheckResult[] results) => new(
        "local", "ambient", "http://127.0.0.1:8080/", "samples/ambient",
        new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), TimeSpan.FromSeconds(42), results);
}
