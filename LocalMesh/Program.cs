// LocalMesh: the Istio ingress gateway of the local target, programmed from the same manifests a cluster gets.
using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.Manifests;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

RouteTable routes;
try
{
    routes = RouteTableLoader.Load(builder.Configuration);
}
catch (ManifestException error)
{
    // A gateway without its routes would answer 404 to everything and look healthy: refuse to start instead.
    Console.Error.WriteLine($"localmesh: {error.Message}");
    return 1;
}

builder.AddLocalMeshGateway(routes);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapLocalMeshGateway();
app.Logger.LogInformation("LocalMesh gateway: {Count} routes ({Origin})", routes.Routes.Count, routes.Origin);
await app.RunAsync();
return 0;
