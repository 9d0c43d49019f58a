using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Istio;
using AmbientVerify.Manifests;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

public sealed class RouteTableLoaderTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(value => new KeyValuePair<string, string?>(value.Key, value.Value)))
            .Build();

    private static string Sample(string name) => AmbientVerify.TestSupport.Repository.Sample(name);

    [Fact]
    public void Missing_manifests_setting_is_a_startup_error_naming_the_key()
    {
        var error = Assert.Throws<ManifestException>(() => RouteTableLoader.Load(Config()));

        Assert.Contains("LocalMesh:Manifests", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_manifests_directory_is_a_startup_error()
    {
        Assert.Throws<ManifestException>(() => RouteTableLoader.Load(Config(("LocalMesh:Manifests", "/nonexistent/manifests"))));
    }

    [Fact]
    public void Manifests_a_cluster_would_refuse_are_a_startup_error_in_the_webhook_words()
    {
        var directory = Directory.CreateTempSubdirectory("localmesh-refused-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "vs.yaml"),
                "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs, namespace: ecommerce}\n"
                + "spec:\n  http:\n    - retries: {attempts: -1}\n");

            var error = Assert.Throws<ManifestException>(() => RouteTableLoader.Load(Config(("LocalMesh:Manifests", directory))));

            Assert.Contains("vs.yaml:6: VirtualService ecommerce/vs: spec.http[0].retries: admission webhook \"validation.istio.io\" denied the request: configuration is invalid: attempts cannot be negative", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Ambient_as_planned_sample_ignores_the_retry_annotations()
    {
        var table = RouteTableLoader.Load(Config(("LocalMesh:Manifests", Sample("ambient-as-planned"))));

        Assert.NotEmpty(table.Routes);
        Assert.All(table.Routes, route =>
        {
            Assert.Equal(TimeSpan.FromSeconds(30), route.Policy.RouteTimeout);
            Assert.Equal(2, route.Policy.NumRetries);
            Assert.Empty(route.Policy.RetriableStatusCodes);
            Assert.False(route.Policy.RetryOn.HasFlag(RetryOn.FiveXx));
        });
    }

    [Fact]
    public void Sidecar_sample_applies_the_virtual_service_policy()
    {
        var table = RouteTableLoader.Load(Config(("LocalMesh:Manifests", Sample("sidecar"))));

        Assert.Contains(table.Routes, route => route.Route.Kind == AmbientVerify.Manifests.Routing.RouteKind.VirtualService
                                               && route.Policy.NumRetries == 3
                                               && route.Policy.RetryOn.HasFlag(RetryOn.FiveXx)
                                               && route.Policy.PerTryTimeout == TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Mesh_default_retry_policy_is_read_from_configuration()
    {
        var table = RouteTableLoader.Load(Config(
            ("LocalMesh:Manifests", Sample("ambient-as-planned")),
            ("LocalMesh:DefaultHttpRetryPolicy:Attempts", "4"),
            ("LocalMesh:DefaultHttpRetryPolicy:RetryOn", "gateway-error"),
            ("LocalMesh:DefaultHttpRetryPolicy:PerTryTimeout", "2s")));

        var policy = table.Routes[0].Policy;
        Assert.Equal(4, policy.NumRetries);
        Assert.Equal(RetryOn.GatewayError, policy.RetryOn);
        Assert.Equal(TimeSpan.FromSeconds(2), policy.PerTryTimeout);
    }
}
