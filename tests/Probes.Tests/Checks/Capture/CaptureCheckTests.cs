using AmbientVerify.TestSupport;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Topology;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Checks.Capture;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Checks.Capture;

public class CaptureCheckTests
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    /// <summary>Runs the capture check on <paramref name="manifests"/> behind an honest fake ztunnel (or none).</summary>
    private static async Task<IReadOnlyList<CheckResult>> CaptureAsync(MeshManifests manifests, MeshMode expect = MeshMode.Ambient, bool ztunnel = true)
    {
        using var http = new HttpClient();
        await using var pod = FakePod.Refusing();
        await using var admin = await FakeDataplaneAdmin.ZtunnelAsync(manifests, pod);
        var (inspector, routed) = await Meshes.InspectAsync(manifests, http, ztunnel ? [admin.Address] : []);
        return await CaptureCheck.RunAsync(inspector, routed, new CaptureOptions { Expect = expect }, Cancel);
    }

    private static CheckResult Single(IReadOnlyList<CheckResult> results, string subject, CheckCase @case) =>
        Assert.Single(results, r => r.Subject.ToString() == subject && r.CaseId == @case.Id);

    [Fact]
    public async Task Ambient_mesh_with_every_pod_captured_passes_every_capture_case()
    {
        var results = await CaptureAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart"), Meshes.Service("payment")));

        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.Equal(Verdict.Pass, r.Verdict));
        Assert.All(results, r => Assert.Equal(CaptureConstants.CheckName, r.Check));
    }

    [Fact]
    public async Task A_chart_without_its_namespace_is_captured_as_assumed_and_the_namespace_case_is_a_gap()
    {
        var chart = Meshes.Parse(Meshes.Gateway, Meshes.Service("cart"));
        var manifests = NamespaceAssumptions.Apply(chart, NamespaceAssumptions.For(chart, "ambient", []));

        var results = await CaptureAsync(manifests);

        var ns = Single(results, "Namespace ecommerce", CaptureConstants.AmbientNamespaceCase);
        Assert.Equal(Verdict.Gap, ns.Verdict);
        Assert.StartsWith("namespace ecommerce has no Namespace object in the manifests; the run assumed it labelled istio.io/dataplane-mode=ambient", ns.Message);
        Assert.All(results.Where(r => r.Subject.ToString() != "Namespace ecommerce"), r => Assert.Equal(Verdict.Pass, r.Verdict));
    }

    [Fact]
    public async Task Deployment_asking_for_a_sidecar_in_the_ambient_namespace_fails_naming_it_and_the_annotation()
    {
        var manifests = Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart"),
            Meshes.Service("payment", podAnnotation: "sidecar.istio.io/inject: \"true\""));

        var results = await CaptureAsync(manifests);

        var pods = Single(results, "Deployment ecommerce/payment", CaptureConstants.AmbientPodsCase);
        Assert.Equal(Verdict.Fail, pods.Verdict);
        Assert.Contains("pod payment-0: has an istio-proxy container, carries sidecar.istio.io/status, no ambient.istio.io/redirection annotation", pods.Message);
        Assert.Contains("Remedy: remove the pod template annotation sidecar.istio.io/inject: \"true\" from Deployment ecommerce/payment", pods.Message);
        Assert.Equal(Verdict.Pass, Single(results, "Deployment ecommerce/cart", CaptureConstants.AmbientPodsCase).Verdict);
    }

    [Fact]
    public async Task Injected_deployment_is_listed_by_ztunnel_as_tcp_and_fails_the_dataplane_case()
    {
        var manifests = Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart"),
            Meshes.Service("payment", podAnnotation: "sidecar.istio.io/inject: \"true\""));

        var result = Single(await CaptureAsync(manifests), "Deployment ecommerce/payment", CaptureConstants.AmbientDataplaneCase);

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("observed pod payment-0 is listed with protocol TCP (not captured)", result.Message);
    }

    [Fact]
    public async Task Namespace_without_the_ambient_label_fails_with_the_label_to_add()
    {
        var manifests = Meshes.Parse(Meshes.Namespace(label: null), Meshes.Gateway, Meshes.Service("cart"));

        var results = await CaptureAsync(manifests);

        var ns = Single(results, "Namespace ecommerce", CaptureConstants.AmbientNamespaceCase);
        Assert.Equal(Verdict.Fail, ns.Verdict);
        Assert.Equal(
            "expected Namespace ecommerce labelled istio.io/dataplane-mode=ambient; observed istio.io/dataplane-mode=(none), istio-injection=(none). " +
            "Remedy: label the namespace istio.io/dataplane-mode: ambient (kubectl label namespace ecommerce istio.io/dataplane-mode=ambient)",
            ns.Message);
        Assert.Equal(Verdict.Fail, Single(results, "Deployment ecommerce/cart", CaptureConstants.AmbientPodsCase).Verdict);
    }

    [Fact]
    public async Task Pod_opting_out_with_dataplane_mode_none_fails_with_the_label_to_remove()
    {
        var manifests = Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart", podLabel: "istio.io/dataplane-mode: none"));

        var result = Single(await CaptureAsync(manifests), "Deployment ecommerce/cart", CaptureConstants.AmbientPodsCase);

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("Remedy: remove the pod template label istio.io/dataplane-mode: none from Deployment ecommerce/cart", result.Message);
    }

    [Fact]
    public async Task Sidecar_sample_expected_ambient_fails_capture_for_every_routed_workload()
    {
        var results = await CaptureAsync(MeshManifests.LoadDirectory(Repository.Sample("sidecar")));

        var pods = results.Where(r => r.CaseId == CaptureConstants.AmbientPodsCase.Id).ToList();
        Assert.Equal(6, pods.Count);
        Assert.All(pods, r => Assert.Equal(Verdict.Fail, r.Verdict));
        Assert.Equal(Verdict.Fail, Single(results, "Namespace ecommerce", CaptureConstants.AmbientNamespaceCase).Verdict);
    }

    [Fact]
    public async Task Sidecar_sample_expected_sidecar_passes_with_a_sidecar_serving_every_pod()
    {
        var manifests = MeshManifests.LoadDirectory(Repository.Sample("sidecar"));
        using var http = new HttpClient();
        await using var pod = FakePod.Refusing();
        var sidecars = await FakeDataplaneAdmin.SidecarsAsync(manifests, pod);
        try
        {
            var (inspector, routed) = await Meshes.InspectAsync(manifests, http, sidecars.Select(s => s.Address).ToArray());

            var results = await CaptureCheck.RunAsync(inspector, routed, new CaptureOptions { Expect = MeshMode.Sidecar }, Cancel);

            Assert.Equal(13, results.Count);
            Assert.All(results, r => Assert.Equal(Verdict.Pass, r.Verdict));
        }
        finally
        {
            foreach (var sidecar in sidecars)
            {
                await sidecar.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Sidecar_mesh_where_no_sidecar_serves_a_workloads_pods_fails_naming_them()
    {
        var manifests = MeshManifests.LoadDirectory(Repository.Sample("sidecar"));
        using var http = new HttpClient();
        await using var pod = FakePod.Refusing();
        var sidecars = await FakeDataplaneAdmin.SidecarsAsync(manifests, pod);
        try
        {
            // Every workload's sidecar answers except order-service's: its pods have no proxy in front of them.
            var workloads = AmbientVerify.Manifests.Topology.MeshTopology.From(manifests).Workloads.Select(w => w.Name).ToList();
            var answering = sidecars.Where((_, i) => workloads[i] != "order-service").Select(s => s.Address).ToArray();
            var (inspector, routed) = await Meshes.InspectAsync(manifests, http, answering);

            var results = await CaptureCheck.RunAsync(inspector, routed, new CaptureOptions { Expect = MeshMode.Sidecar }, Cancel);

            var result = Single(results, "Deployment ecommerce/order-service", CaptureConstants.SidecarDataplaneCase);
            Assert.Equal(Verdict.Fail, result.Verdict);
            Assert.StartsWith("expected a sidecar serving every pod of Deployment ecommerce/order-service; observed none for order-service-0, order-service-1, order-service-2", result.Message);
            Assert.Equal(Verdict.Pass, Single(results, "Deployment ecommerce/customer-service", CaptureConstants.SidecarDataplaneCase).Verdict);
        }
        finally
        {
            foreach (var sidecar in sidecars)
            {
                await sidecar.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Namespace_without_injection_fails_the_sidecar_namespace_case_naming_the_label()
    {
        var results = await CaptureAsync(MeshManifests.LoadDirectory(Repository.Sample("ambient")), MeshMode.Sidecar);

        var result = Single(results, "Namespace ecommerce", CaptureConstants.SidecarNamespaceCase);
        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains(CaptureConstants.InjectionLabel, result.Message);
    }

    [Fact]
    public async Task Ambient_sample_expected_sidecar_fails_naming_the_missing_istio_proxy()
    {
        var results = await CaptureAsync(MeshManifests.LoadDirectory(Repository.Sample("ambient")), MeshMode.Sidecar);

        var result = Single(results, "Deployment ecommerce/customer-service", CaptureConstants.SidecarPodsCase);
        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("pod customer-service-0 has no istio-proxy container (ambient.istio.io/redirection=enabled: ztunnel captures it)", result.Message);
    }

    [Fact]
    public async Task Without_dataplane_admin_the_manifest_cases_still_run_and_the_dataplane_case_is_an_error()
    {
        var results = await CaptureAsync(Meshes.Parse(Meshes.Namespace(), Meshes.Gateway, Meshes.Service("cart")), ztunnel: false);

        Assert.Equal(Verdict.Pass, Single(results, "Deployment ecommerce/cart", CaptureConstants.AmbientPodsCase).Verdict);
        var dataplane = Single(results, "Deployment ecommerce/cart", CaptureConstants.AmbientDataplaneCase);
        Assert.Equal(Verdict.Error, dataplane.Verdict);
        Assert.StartsWith("could not look: no dataplane admin endpoint given", dataplane.Message);
    }
}
