using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.LocalMesh.Tests.Support;
using AmbientVerify.Manifests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AmbientVerify.LocalMesh.Tests;

public sealed class LocalMeshModesTests
{
    [Fact]
    public void A_leading_mode_verb_becomes_the_mode_setting() =>
        Assert.Equal(["--LocalMesh:Mode=ztunnel", "--x=1"], LocalMeshModes.TakeModeArgument(["ztunnel", "--x=1"]));

    [Fact]
    public void Arguments_without_a_verb_are_kept() =>
        Assert.Equal(["--x=1"], LocalMeshModes.TakeModeArgument(["--x=1"]));

    [Fact]
    public void An_unknown_mode_is_refused_with_the_known_ones()
    {
        var builder = LocalMeshModes.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["LocalMesh:Mode"] = "waypoint" });

        var error = Assert.Throws<ManifestException>(() => LocalMeshModes.Build(builder));

        Assert.Contains("gateway, ztunnel, sidecar", error.Message);
    }

    [Fact]
    public void Sidecar_mode_for_an_unknown_workload_names_the_known_ones()
    {
        using var manifests = MeshManifestsDirectory.Create(MeshManifestsDirectory.Injection);
        using var ca = TestCa.Create();
        var builder = LocalMeshModes.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LocalMesh:Mode"] = "sidecar",
            ["LocalMesh:Manifests"] = manifests.Path,
            ["LocalMesh:MeshCa"] = ca.Directory,
            ["LocalMesh:Sidecar:Workload"] = "cart-service",
        });

        var error = Assert.Throws<ManifestException>(() => LocalMeshModes.Build(builder));

        Assert.Contains("known: ecommerce/customer-service", error.Message);
    }

    [Theory]
    [InlineData("ztunnel")]
    [InlineData("sidecar")]
    public async Task Dataplane_modes_run_without_OpenTelemetry_so_their_metrics_are_Istios_alone(string mode)
    {
        using var manifests = MeshManifestsDirectory.Create(mode == "ztunnel" ? MeshManifestsDirectory.Ambient : MeshManifestsDirectory.Injection);
        using var ca = TestCa.Create();

        await using var dataplane = await LocalMeshHost.StartAsync(new Dictionary<string, string?>
        {
            ["LocalMesh:Mode"] = mode,
            ["LocalMesh:Manifests"] = manifests.Path,
            ["LocalMesh:MeshCa"] = ca.Directory,
            ["LocalMesh:Sidecar:Workload"] = "customer-service",
        });

        Assert.Null(dataplane.App.Services.GetService<MeterProvider>());
        Assert.Null(dataplane.App.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task The_gateway_keeps_OpenTelemetry_for_its_spans_and_metrics()
    {
        using var manifests = MeshManifestsDirectory.Create(MeshManifestsDirectory.Ambient);

        await using var gateway = await LocalMeshHost.StartAsync(new Dictionary<string, string?> { ["LocalMesh:Manifests"] = manifests.Path });

        Assert.NotNull(gateway.App.Services.GetService<MeterProvider>());
        Assert.NotNull(gateway.App.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task Gateway_without_ztunnel_or_sidecar_settings_dials_as_before()
    {
        using var manifests = MeshManifestsDirectory.Create(MeshManifestsDirectory.Ambient);

        await using var gateway = await LocalMeshHost.StartAsync(new Dictionary<string, string?> { ["LocalMesh:Manifests"] = manifests.Path });

        Assert.Null(gateway.App.Services.GetService<MeshDialer>());
    }

    [Fact]
    public async Task Gateway_dialing_through_a_ztunnel_requires_the_mesh_ca()
    {
        using var manifests = MeshManifestsDirectory.Create(MeshManifestsDirectory.Ambient);

        var error = await Assert.ThrowsAsync<ManifestException>(() => LocalMeshHost.StartAsync(new Dictionary<string, string?>
        {
            ["LocalMesh:Manifests"] = manifests.Path,
            ["LocalMesh:Ztunnel:Hbone"] = "127.0.0.1:15008",
        }));

        Assert.Contains("LocalMesh:MeshCa", error.Message);
    }
}
