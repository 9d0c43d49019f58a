using System.Diagnostics.Metrics;
using AmbientVerify.FaultTarget.Tracking;
using Microsoft.Extensions.Hosting;

namespace AmbientVerify.FaultTarget.Telemetry;

/// <summary>
/// <c>ambientverify_faulttarget_requests_total{service,outcome}</c>. The outcome is a class, not a status code,
/// to keep cardinality low: <c>1xx</c>…<c>5xx</c>, <c>reset</c>, <c>cancelled</c>, <c>error</c>, <c>rejected</c>.
/// </summary>
public sealed class FaultTargetMetrics
{
    public const string RequestsCounterName = "ambientverify_faulttarget_requests";

    /// <summary>A request whose fault instruction was malformed (answered 400, not counted as a try).</summary>
    public const string Rejected = "rejected";

    private readonly Counter<long> requests;

    public FaultTargetMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServiceDefaultsExtensions.TelemetryName);
        requests = meter.CreateCounter<long>(RequestsCounterName, "{request}",
            "Requests the FaultTarget handled under the fault protocol, by outcome class.");
    }

    /// <param name="outcome">A <see cref="TryOutcomes"/> value, a status code, or <see cref="Rejected"/>.</param>
    public void RecordRequest(string service, string outcome) =>
        requests.Add(1, new("service", service), new("outcome", OutcomeClass(outcome)));

    public static string OutcomeClass(string outcome) =>
        outcome.Length == 3 && char.IsAsciiDigit(outcome[0]) && int.TryParse(outcome, out _) ? $"{outcome[0]}xx" : outcome;
}
