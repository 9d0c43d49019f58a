using AmbientVerify.FaultTarget.Catalog;

namespace AmbientVerify.FaultTarget.Endpoints;

/// <summary>The ordinary paths of the service the FaultTarget stands in for: <c>/api/{plural}</c> and
/// <c>/api/{plural}/{id}</c>. An unknown id gets the echo (200): gateway routes decide reachability, not the stand-in.</summary>
public static class ServiceEndpoints
{
    public static WebApplication MapServiceEndpoints(this WebApplication app, string serviceName)
    {
        if (!ServiceCatalog.TryGet(serviceName, out var resource))
        {
            return app;
        }

        var group = app.MapGroup($"/api/{resource.Plural}");
        // Cast to object: the JSON writer then uses each item's own type, not the interface's single property.
        group.MapGet("", () => Results.Ok(resource.Items.Cast<object>()));
        group.MapGet("/{id}", (string id, HttpContext context) =>
            resource.Items.FirstOrDefault(item => item.Id == id) is { } item
                ? Results.Ok((object)item)
                : EchoEndpoint.Echo(context, serviceName));
        return app;
    }
}
