// LocalMesh: the local Istio mesh, programmed from the same manifests a cluster gets. One binary, three roles
// (LocalMesh:Mode or a first argument): the ingress gateway (default), the node's ztunnel, a workload's sidecars.
using AmbientVerify.LocalMesh;
using AmbientVerify.Manifests;

var builder = LocalMeshModes.CreateBuilder(args);
WebApplication app;
try
{
    app = LocalMeshModes.Build(builder);
}
catch (Exception error) when (error is ManifestException or FormatException or IOException)
{
    Console.Error.WriteLine($"localmesh: {error.Message}");
    return 1;
}

await app.RunAsync();
return 0;
