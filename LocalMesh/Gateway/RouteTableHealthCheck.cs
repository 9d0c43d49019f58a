using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>/health is unhealthy while the gateway has no route to serve.</summary>
public sealed class RouteTableHealthCheck(RouteTable routes) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(routes.Routes.Count > 0
            ? HealthCheckResult.Healthy($"{routes.Routes.Count} routes ({routes.Origin})")
            : HealthCheckResult.Unhealthy($"no routes loaded ({routes.Origin})"));
}
