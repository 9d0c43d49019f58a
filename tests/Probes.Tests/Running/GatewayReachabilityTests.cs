using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AmbientVerify.Probes.Cli;
using AmbientVerify.Probes.Running;
using AmbientVerify.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Tests.Running;

/// <summary>The one request before a run: unreachable and TLS refusals are told apart, and the TLS one says what to do.</summary>
public sealed class GatewayReachabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unreachable_gateway_is_named_with_the_remedy()
    {
        using var http = ProbeHttp.CreateClient();
        var gateway = LoopbackPorts.ClosedUrl();

        var problem = await GatewayReachability.ProblemAsync(http, gateway, TimeProvider.System, "port-forward the ingress", Ct);

        Assert.NotNull(problem);
        Assert.StartsWith($"gateway {gateway} is unreachable (", problem);
        Assert.EndsWith("): port-forward the ingress", problem);
    }

    [Fact]
    public async Task A_self_signed_gateway_is_refused_until_told_to_skip_verification()
    {
        await using var app = await SelfSignedGatewayAsync();
        var gateway = new Uri(app.Urls.First());
        using var verifying = ProbeHttp.CreateClient();
        using var skipping = ProbeHttp.CreateClient(insecureSkipTlsVerify: true);

        var refused = await GatewayReachability.ProblemAsync(verifying, gateway, TimeProvider.System, "", Ct);
        var accepted = await GatewayReachability.ProblemAsync(skipping, gateway, TimeProvider.System, "", Ct);

        Assert.NotNull(refused);
        Assert.StartsWith($"the TLS handshake with gateway {gateway} failed (", refused);
        Assert.Contains("pass --insecure-skip-tls-verify for a dev gateway with a self-signed certificate", refused);
        Assert.Null(accepted);
    }

    private static async Task<WebApplication> SelfSignedGatewayAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=gateway.dev.invalid", key, HashAlgorithmName.SHA256);
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("ok"));
        await app.StartAsync();
        return app;
    }
}
