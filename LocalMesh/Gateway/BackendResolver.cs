using AmbientVerify.Manifests;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// The one endpoint behind a Service: <c>LocalMesh:Backends:&lt;namespace&gt;:&lt;service&gt;</c> (<see cref="LocalMeshKeys.Backend"/>,
/// the key the AppHost writes). Read per request, so reloaded configuration applies at once.
/// </summary>
/// <remarks>
/// By namespace and name: two namespaces may each have a Service of the same name, each with its own app. (Aspire's
/// service discovery keys, <c>services:&lt;name&gt;:http:0</c>, name a resource only, so they are no longer read.)
/// </remarks>
public sealed class BackendResolver(IConfiguration configuration)
{
    public Uri? Resolve(NamespacedName service) =>
        Uri.TryCreate(configuration[LocalMeshKeys.Backend(service)], UriKind.Absolute, out var uri) ? uri : null;
}
