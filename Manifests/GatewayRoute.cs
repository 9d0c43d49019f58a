using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests;

public enum RouteKind { HTTPRoute, VirtualService }

/// <summary>
/// One path the main gateway serves, and the object whose policy the gateway applies to it.
/// When a VirtualService bound to the gateway and an HTTPRoute serve the same path (the plan's duplicate
/// before the migration), the VirtualService's policy is the effective one.
/// </summary>
/// <param name="Name">Name of the effective object (HTTPRoute or VirtualService).</param>
public sealed record GatewayRoute(
    string Name,
    RouteKind Kind,
    PathMatch Path,
    IReadOnlyList<string> Hostnames,
    string BackendService,
    int? BackendPort,
    HttpRouteManifest? HttpRoute,
    HttpRouteRule? HttpRouteRule,
    VirtualServiceManifest? VirtualService,
    VirtualServiceHttpRoute? VirtualServiceRoute)
{
    /// <summary>The object that carries the policy, for messages ("HTTPRoute ecommerce/customer-service-route (05-httproute.yaml:12)").</summary>
    /// <remarks>A VirtualService route may also carry the duplicate HTTPRoute for reference: <see cref="Kind"/> decides.</remarks>
    public ObjectRef Source => Kind == RouteKind.VirtualService ? VirtualService!.Ref : HttpRoute!.Ref;
}

/// <summary>A stand-in service to start: one per Service that a Deployment backs or a route sends to.</summary>
public sealed record Workload(string ServiceName, string Namespace, int Port, int Replicas, DeploymentManifest? Deployment);
