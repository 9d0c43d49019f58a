using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AmbientVerify.LocalMesh.Dataplane;

/// <summary>
/// The admin API of a ztunnel or sidecar process (ztunnel's 15020 / 15000 in one): Istio's metrics, the
/// workloads view, health. OpenTelemetry's own /metrics is deliberately not mapped: this /metrics is Istio's.
/// </summary>
public static class DataplaneAdminEndpoints
{
    public static IEndpointRouteBuilder MapDataplaneAdmin(this IEndpointRouteBuilder app, Func<IReadOnlyList<WorkloadEntry>> workloads)
    {
        app.MapGet("/metrics", (IstioTcpMetrics metrics) => Results.Text(metrics.Render(), IstioTcpMetrics.ContentType));
        app.MapGet("/workloads", () => Results.Json(workloads()));
        app.MapGet("/health", () => Results.Text("healthy"));
        app.MapGet("/alive", () => Results.Text("alive"));
        return app;
    }
}
