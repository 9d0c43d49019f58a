using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.TestSupport;
using Microsoft.Extensions.Configuration;
using static AmbientVerify.TestSupport.Routes;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

/// <summary>Two namespaces may each have a Service of the same name: the gateway sends each route to its own one.</summary>
public sealed class ServiceIdentityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Same_named_services_in_two_namespaces_each_get_their_own_routes_traffic()
    {
        await using var teamA = await EchoBackend.StartAsync("tls-backend", "team-a", Ct);
        await using var teamB = await EchoBackend.StartAsync("tls-backend", "team-b", Ct);
        GatewayRoute[] routes =
        [
            HttpRoute(name: "a", path: Prefix("/a"), backends: [Destination("tls-backend", ns: "team-a")]),
            HttpRoute(name: "b", path: Prefix("/b"), backends: [Destination("tls-backend", ns: "team-b")]),
        ];
        await using var gateway = await GatewayHost.StartAsync(routes, new Dictionary<string, Uri>
        {
            ["team-a/tls-backend"] = teamA.Address,
            ["team-b/tls-backend"] = teamB.Address,
        });

        using var a = await gateway.Client.GetAsync("/a", Ct);
        using var b = await gateway.Client.GetAsync("/b", Ct);

        Assert.Equal("team-a", (await EchoedRequest.ReadAsync(a, Ct)).Namespace);
        Assert.Equal("team-b", (await EchoedRequest.ReadAsync(b, Ct)).Namespace);
    }

    [Fact]
    public void A_backend_written_as_the_app_hosts_environment_variable_is_read_back_for_that_namespace_only()
    {
        // The contract between the writer (AppHost: LocalMeshKeys as environment) and the reader (BackendResolver).
        var teamA = new NamespacedName("team-a", "tls-backend");
        var variable = LocalMeshKeys.AsEnvironmentVariable(LocalMeshKeys.Backend(teamA));
        var prefix = "AMBIENTVERIFY_TEST_" + Guid.NewGuid().ToString("N") + "_";
        Environment.SetEnvironmentVariable(prefix + variable, "http://127.0.0.1:5101");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            var resolver = new BackendResolver(configuration);

            Assert.Equal("LocalMesh__Backends__team-a__tls-backend", variable);
            Assert.Equal(new Uri("http://127.0.0.1:5101"), resolver.Resolve(teamA));
            Assert.Null(resolver.Resolve(new NamespacedName("team-b", "tls-backend")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + variable, null);
        }
    }
}
