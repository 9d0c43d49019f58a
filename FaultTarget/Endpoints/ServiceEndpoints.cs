using AmbientVerify.FaultTarget.Catalog;
using AmbientVerify.FaultTarget.StandIns;

namespace AmbientVerify.FaultTarget.Endpoints;

/// <summary>The ordinary paths of the Service a request answers as: <c>/api/{plural}</c> and <c>/api/{plural}/{id}</c>.
/// Another Service's resource, an unknown Service or an unknown id gets the echo (200): gateway routes decide
/// reachability, not the stand-in.</summary>
public static class ServiceEndpoints
{
    public static WebApplication MapServiceEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/api/{plural}");
        // Cast to object: the JSON writer then uses each item's own type, not the interface's single property.
        group.MapGet("", (string plural, HttpContext context, StandInServices standIns) =>
            ResourceOf(standIns.For(context), plural) is { } resource
                ? Results.Ok(resource.Items.Cast<object>())
                : EchoEndpoint.Echo(context, standIns.For(context).Name));
        group.MapGet("/{id}", (string plural, string id, HttpContext context, StandInServices standIns) =>
            ResourceOf(standIns.For(context), plural)?.Items.FirstOrDefault(item => item.Id == id) is { } item
                ? Results.Ok((object)item)
                : EchoEndpoint.Echo(context, standIns.For(context).Name));
        return app;
    }

    private static ServiceResource? ResourceOf(StandInService service, string plural) =>
        ServiceCatalog.TryGet(service.Name, out var resource) && resource.Plural == plural ? resource : null;
}
