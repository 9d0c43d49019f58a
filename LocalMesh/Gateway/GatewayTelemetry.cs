using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// The gateway's span per request (tries as events) and its try counter
/// (<c>ambientverify_localmesh_upstream_tries_total{route,outcome}</c> once exported to Prometheus).
/// Labels stay low-cardinality: the route is "kind/name", the outcome a status code or a failure name.
/// </summary>
public sealed class GatewayTelemetry
{
    public const string TriesMetricName = "ambientverify_localmesh_upstream_tries";

    private static readonly ActivitySource Source = new(ServiceDefaultsExtensions.TelemetryName);

    private readonly Counter<long> _tries;

    public GatewayTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServiceDefaultsExtensions.TelemetryName);
        _tries = meter.CreateCounter<long>(TriesMetricName, unit: "{try}", description: "Upstream tries the local gateway made, by route and outcome.");
    }

    public static Activity? StartRequest(MeshRoute route)
    {
        var activity = Source.StartActivity($"gateway {route.Label}");
        activity?.SetTag("localmesh.route", route.Label);
        activity?.SetTag("localmesh.source", route.Route.Source.ToString());
        activity?.SetTag("localmesh.backends", string.Join(", ", route.Route.Backends));
        activity?.SetTag("localmesh.policy", route.Policy.Description);
        return activity;
    }

    public void RecordTry(MeshRoute route, Activity? activity, int attempt, string outcome, TimeSpan elapsed)
    {
        _tries.Add(1, new KeyValuePair<string, object?>("route", route.Label), new KeyValuePair<string, object?>("outcome", outcome));
        activity?.AddEvent(new ActivityEvent("try", tags: new ActivityTagsCollection
        {
            ["attempt"] = attempt,
            ["outcome"] = outcome,
            ["elapsed_ms"] = Math.Round(elapsed.TotalMilliseconds, 1),
        }));
    }
}
