using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// YARP's proxy-grade client whose tries each go to the next pod (<see cref="MeshPodSelectionHandler"/>) and whose
/// connections are opened by the <see cref="MeshDialer"/>.
/// </summary>
public sealed class MeshForwarderHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, MeshDialer dialer) : ForwarderHttpClientFactory(logger)
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectCallback = dialer.ConnectAsync;
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new MeshPodSelectionHandler(dialer, base.WrapHandler(context, handler));
}
