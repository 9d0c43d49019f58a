using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace AmbientVerify.FaultTarget.StandIns;

/// <summary>
/// The Services this process answers as, and which one a request is for: the one whose listener the connection
/// arrived on (one listener per Service), else the single Service of the single-service form.
/// </summary>
public sealed class StandInServices(IOptions<FaultTargetOptions> options)
{
    public IReadOnlyList<StandInService> All { get; } = options.Value.StandInServices();

    /// <summary>The Service a request answers as.</summary>
    public StandInService For(HttpContext context) =>
        // Kestrel hands connection features on to each request: the listener tagged its connections with the Service.
        context.Features.Get<StandInServiceFeature>()?.Service ?? All[0];

    /// <summary>
    /// One Kestrel listener per Service that has a <see cref="StandInService.Url"/>, each tagging its connections with
    /// its Service. Nothing for the single-service form, which listens where ASP.NET Core is told (ASPNETCORE_URLS).
    /// </summary>
    public void Listen(KestrelServerOptions kestrel)
    {
        foreach (var service in All.Where(s => s.Url is not null))
        {
            if (!ListenerAddress.TryParse(service.Url!, out var address, out var error))
            {
                // The options validator has refused this already; reaching here means it was bypassed.
                throw new InvalidOperationException($"FaultTarget:Services ({service.QualifiedName}): {error}");
            }

            Action<ListenOptions> tag = listen => listen.Use(next => connection =>
            {
                connection.Features.Set(new StandInServiceFeature(service));
                return next(connection);
            });
            if (address.IsLocalhost)
            {
                kestrel.ListenLocalhost(address.Port, tag);
            }
            else
            {
                kestrel.Listen(address.Address!, address.Port, tag);
            }
        }
    }

    private sealed record StandInServiceFeature(StandInService Service);
}
