namespace AmbientVerify.Probes.Telemetry;

/// <summary>The names of the spans, span events and attributes the probes record (what traces are searched by).</summary>
public static class SpanAttributes
{
    /// <summary>The span of one run (gate, check, serve's periodic run): every other span of the run is its child.</summary>
    public const string RunSpan = "ambientverify.run";

    /// <summary>The span of one result of a check without a request of its own, recorded when the run ends.</summary>
    public const string ResultSpanPrefix = "ambientverify.result";

    /// <summary>The event, on a matrix request's span, of one case judged on that request's answer.</summary>
    public const string CaseEvent = "ambientverify.case";

    public const string Target = "ambientverify.target";
    public const string Mode = "ambientverify.mode";
    public const string Gateway = "ambientverify.gateway";
    public const string Problem = "ambientverify.problem";

    public const string Check = "ambientverify.check";

    /// <summary>The stable case id (<c>CheckResult.CaseId</c>); a matrix request's span lists its cases' ids comma-separated.</summary>
    public const string Case = "ambientverify.case";

    public const string Subject = "ambientverify.subject";
    public const string Verdict = "ambientverify.verdict";
    public const string Expected = "ambientverify.expected";
    public const string Observed = "ambientverify.observed";

    /// <summary>Why (what was expected, what came back): the expected and observed values of checks that have no numbers.</summary>
    public const string Message = "ambientverify.message";

    /// <summary>A run span's count of results with a verdict: <c>ambientverify.results.pass</c>, <c>.fail</c>, <c>.gap</c>, <c>.error</c>.</summary>
    public const string ResultsPrefix = "ambientverify.results.";
}
