using Microsoft.Extensions.Configuration;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// The one endpoint behind a Service name: <c>LocalMesh:Backends:&lt;service&gt;</c> first, then Aspire's service
/// discovery keys <c>services:&lt;service&gt;:http:0</c> / <c>https:0</c>. Read per request, so reloaded
/// configuration applies at once.
/// </summary>
public sealed class BackendResolver(IConfiguration configuration)
{
    public Uri? Resolve(string serviceName)
    {
        var text = configuration[$"{LocalMeshOptions.SectionName}:Backends:{serviceName}"]
                   ?? configuration[$"services:{serviceName}:http:0"]
                   ?? configuration[$"services:{serviceName}:https:0"];
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
    }
}
