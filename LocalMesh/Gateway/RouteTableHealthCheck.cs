using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// /health is unhealthy while the gateway has no route to serve, and degraded (still 200: the gateway serves) while
/// the last reload of the manifests was refused and an older generation keeps serving.
/// </summary>
public sealed class RouteTableHealthCheck(RouteTableSource source) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var loaded = source.Loaded;
        var routes = loaded.Table;
        var serving = $"{routes.Routes.Count} routes ({routes.Origin}), generation {loaded.Generation} loaded at {loaded.LoadedAt:O}";
        if (routes.Routes.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"no routes loaded ({routes.Origin})"));
        }

        return Task.FromResult(source.LastFailure is { } failure
            ? HealthCheckResult.Degraded($"{serving}; the reload at {failure.At:O} was refused: {failure.Message}")
            : HealthCheckResult.Healthy(serving));
    }
}
