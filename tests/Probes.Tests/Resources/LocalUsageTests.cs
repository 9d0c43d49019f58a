using System.Net;
using AmbientVerify.Manifests.Model;
using AmbientVerify.Probes.Resources;

namespace AmbientVerify.Probes.Tests.Resources;

/// <summary>Sampled usage lands on the component it belongs to; the local mesh's processes that match none are added, not merged.</summary>
public sealed class LocalUsageTests
{
    private const long Mi = Snapshots.Mi;

    private sealed class ProcessAnswers : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(request.RequestUri!.Port switch
                {
                    1 => """{"pid":101,"component":"sidecar","name":"customer-service-0"}""",
                    _ => """{"pid":102,"component":"ztunnel","name":"ztunnel"}""",
                }),
            });
    }

    private sealed class GrowingProcesses : IProcessStatsReader
    {
        private readonly Dictionary<int, int> _reads = [];

        public ProcessStats? Read(int pid)
        {
            var n = _reads[pid] = _reads.GetValueOrDefault(pid) + 1;
            return new ProcessStats(TimeSpan.FromMilliseconds(10 * n), 50 * Mi);
        }
    }

    [Fact]
    public void Usage_goes_to_the_component_of_the_same_kind_and_name()
    {
        var usage = Snapshots.Usage(0.01, 40 * Mi);

        var snapshot = ResourceSnapshotBuilder.WithUsage(Snapshots.Sidecar(), [(new SamplerTarget(ComponentKinds.Sidecar, "order-service-1", 7), usage)]);

        Assert.Equal(usage, snapshot.OfKind(ComponentKinds.Sidecar).Single(c => c.Name == "order-service-1").Usage);
        Assert.Equal(17, snapshot.OfKind(ComponentKinds.Sidecar).Count(c => c.Usage is null));
        Assert.Contains(snapshot.Assumptions, a => a.Contains(".NET stand-ins for Envoy, ztunnel and the workloads", StringComparison.Ordinal));
    }

    [Fact]
    public void A_sidecar_sampled_as_namespace_and_pod_goes_to_that_pod()
    {
        var usage = Snapshots.Usage(0.01, 40 * Mi);

        var snapshot = ResourceSnapshotBuilder.WithUsage(Snapshots.Sidecar(), [(new SamplerTarget(ComponentKinds.Sidecar, "ecommerce/order-service-1", 7), usage)]);

        Assert.Equal(usage, snapshot.OfKind(ComponentKinds.Sidecar).Single(c => c.Name == "order-service-1").Usage);
        Assert.Equal(18, snapshot.OfKind(ComponentKinds.Sidecar).Count());
    }

    [Fact]
    public void The_local_ztunnel_leaves_the_per_node_arithmetic_by_requests_as_it_was()
    {
        var withLocalZtunnel = ResourceSnapshotBuilder.WithUsage(Snapshots.Ambient(), [(new SamplerTarget(ComponentKinds.Ztunnel, "ztunnel", 7), Snapshots.Usage(0.02, 30 * Mi))]);

        var requests = ResourceComparison.Compare(Snapshots.Sidecar(), withLocalZtunnel).On(SavingsBases.Requests);

        Assert.Equal("18 × 128 Mi − 3 × (512 Mi + 100 Mi) = 468 Mi", requests.MemoryArithmetic);
    }

    [Fact]
    public void A_sampled_process_that_matches_no_component_is_added_without_requests()
    {
        var snapshot = ResourceSnapshotBuilder.WithUsage(Snapshots.Ambient(), [(new SamplerTarget(ComponentKinds.Ztunnel, "ztunnel", 7), Snapshots.Usage(0.02, 30 * Mi))]);

        var added = snapshot.OfKind(ComponentKinds.Ztunnel).Single(c => c.Name == "ztunnel");
        Assert.Equal(ResourceAmounts.Unset, added.Requests);
        Assert.Equal(4, snapshot.OfKind(ComponentKinds.Ztunnel).Count());
        Assert.Equal(3 * 512 * Mi, ResourceComparison.Compare(Snapshots.Sidecar(), snapshot).Totals
            .Single(t => t.Mode == AmbientVerify.Probes.Audit.MeshMode.Ambient && t.Kind == ComponentKinds.Ztunnel && t.Basis == SavingsBases.Requests).Total.MemoryBytes);
    }

    [Fact]
    public async Task The_process_directory_and_the_sampler_fill_the_snapshots_usage()
    {
        using var http = new HttpClient(new ProcessAnswers());

        var (snapshot, problems) = await LocalUsage.SampleAsync(Snapshots.Sidecar(), http,
            [new Uri("http://127.0.0.1:1"), new Uri("http://127.0.0.1:2")], TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50),
            TimeProvider.System, TestContext.Current.CancellationToken, new GrowingProcesses());

        Assert.Empty(problems);
        var sidecar = snapshot.OfKind(ComponentKinds.Sidecar).Single(c => c.Name == "customer-service-0").Usage;
        Assert.NotNull(sidecar);
        Assert.Null(sidecar.Incomplete);
        Assert.Equal(50 * Mi, sidecar.MemoryPeakBytes);
        Assert.Equal("local process 101 (.NET stand-in, not Envoy)", sidecar.Source);
        Assert.Contains(snapshot.OfKind(ComponentKinds.Ztunnel), c => c.Name == "ztunnel" && c.Usage is not null);
        Assert.Equal("manifests + usage from local mesh (.NET stand-ins)", snapshot.Source);
    }
}
