using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>YARP's proxy-grade client whose connections are opened by the <see cref="MeshDialer"/>.</summary>
public sealed class MeshForwarderHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, MeshDialer dialer) : ForwarderHttpClientFactory(logger)
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectCallback = dialer.ConnectAsync;
    }
}
