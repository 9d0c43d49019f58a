using AmbientVerify.Manifests.Versions;
using AmbientVerify.TestSupport;

namespace AmbientVerify.LocalMesh.Tests.Conformance;

/// <summary>
/// RequestMirror as the Gateway API conformance suite checks it (v1.6.1 <c>httproute-request-mirror</c>,
/// <c>-request-multiple-mirrors</c>, <c>-request-percentage-mirror</c>): the client gets the primary backend's answer,
/// each mirror receives a copy (with the rule's header edits, Envoy <c>router.cc</c> <c>maybeDoShadowing</c> copies
/// the finalized headers). A percentage is Istio's <c>createMirrorFilter</c> (fraction → 100·n/d); the suite samples
/// it, here the draw is scripted. The copy's authority gets Envoy's "-shadow" suffix only before Istio 1.28, which
/// sets <c>disable_shadow_host_suffix_append</c> (<c>DISABLE_SHADOW_HOST_SUFFIX</c>, default true).
/// </summary>
public sealed class MirrorConformanceTests(ConformanceGateways gateways) : IClassFixture<ConformanceGateways>
{
    private static readonly TimeSpan MirrorWait = TimeSpan.FromSeconds(2);

    /// <summary>How long a row waits to be sure a copy did not come (the copy leaves before the primary answers).</summary>
    private static readonly TimeSpan NoMirrorWait = TimeSpan.FromMilliseconds(300);

    private const string HeaderEdits =
        "{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-Header-Set, value: set-overwrites-values}], "
        + "add: [{name: X-Header-Add, value: header-val-1}, {name: X-Header-Add-Append, value: header-val-2}], remove: [X-Header-Remove]}}";

    private static string Mirror(string backend, string fraction = "") =>
        $"{{type: RequestMirror, requestMirror: {{backendRef: {{name: {backend}, namespace: gateway-conformance-infra, port: 8080}}{fraction}}}}}";

    private static string Rule(string prefix, params string[] filters) =>
        $"  - matches: [{{path: {{type: PathPrefix, value: {prefix}}}}}]\n    filters: [{string.Join(", ", filters)}]\n"
        + "    backendRefs: [{name: infra-backend-v1, port: 8080, namespace: gateway-conformance-infra}]\n";

    private static readonly string Mirrors =
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: request-mirror, namespace: gateway-conformance-infra}\n"
        + "spec:\n  parentRefs: [{name: same-namespace}]\n  rules:\n"
        + Rule("/mirror", Mirror("infra-backend-v2"))
        + Rule("/mirror-and-modify-headers", HeaderEdits, Mirror("infra-backend-v2"))
        + Rule("/multi-mirror", Mirror("infra-backend-v2"), Mirror("infra-backend-v3"))
        + Rule("/multi-mirror-and-modify-request-headers", HeaderEdits, Mirror("infra-backend-v2"), Mirror("infra-backend-v3"))
        + Rule("/percent-mirror", Mirror("infra-backend-v2", ", percent: 20"))
        + Rule("/percent-mirror-fraction", Mirror("infra-backend-v2", ", fraction: {numerator: 25, denominator: 50}"))
        + Rule("/percent-mirror-and-modify-headers", HeaderEdits, Mirror("infra-backend-v2", ", percent: 35"));

    private const string SentHeaders = "X-Header-Remove: remove-val; X-Header-Add-Append: append-val-1";

    /// <param name="draws">The scripted draws, one per mirror with a percentage ("" for none).</param>
    /// <param name="mirroredTo">The Services that must receive a copy, comma separated; the others must not.</param>
    [Theory]
    [InlineData("HTTPRouteRequestMirror/0", "/mirror", "", "infra-backend-v2")]
    [InlineData("HTTPRouteRequestMirror/1", "/mirror-and-modify-headers", "", "infra-backend-v2")]
    [InlineData("HTTPRouteRequestMultipleMirrors/0", "/multi-mirror", "", "infra-backend-v2,infra-backend-v3")]
    [InlineData("HTTPRouteRequestMultipleMirrors/1", "/multi-mirror-and-modify-request-headers", "", "infra-backend-v2,infra-backend-v3")]
    [InlineData("HTTPRouteRequestPercentageMirror/0/inside-20%", "/percent-mirror", "0.19", "infra-backend-v2")]
    [InlineData("HTTPRouteRequestPercentageMirror/0/outside-20%", "/percent-mirror", "0.20", "")]
    [InlineData("HTTPRouteRequestPercentageMirror/1/inside-25/50", "/percent-mirror-fraction", "0.49", "infra-backend-v2")]
    [InlineData("HTTPRouteRequestPercentageMirror/1/outside-25/50", "/percent-mirror-fraction", "0.50", "")]
    [InlineData("HTTPRouteRequestPercentageMirror/2/inside-35%", "/percent-mirror-and-modify-headers", "0.34", "infra-backend-v2")]
    [InlineData("HTTPRouteRequestPercentageMirror/2/outside-35%", "/percent-mirror-and-modify-headers", "0.35", "")]
    public async Task HTTPRouteRequestMirror(string @case, string path, string draws, string mirroredTo)
    {
        var gateway = await gateways.GetAsync(Mirrors, scripted: true);
        gateways.Random.Script(draws.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(double.Parse).ToArray());
        var id = Guid.NewGuid().ToString("N");
        var edits = path.Contains("modify");

        using var response = await gateway.SendAsync("GET", $"{path}?request-id={id}", edits ? SentHeaders : "");

        // The client gets the primary's answer, with the rule's edits.
        var primary = await ConformanceExpect.BackendAsync(@case, response, "infra-backend-v1");
        Assert.Equal(0, gateways.Random.Left);
        var expected = mirroredTo.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        foreach (var mirror in new[] { "infra-backend-v2", "infra-backend-v3" })
        {
            var copies = await gateway.Backends[mirror].WaitForAsync(r => r.Path.Contains(id), 1, expected.Contains(mirror) ? MirrorWait : NoMirrorWait,
                TestContext.Current.CancellationToken);
            Assert.True(copies.Count == (expected.Contains(mirror) ? 1 : 0), $"{@case}: expected {(expected.Contains(mirror) ? 1 : 0)} copy at {mirror}, got {copies.Count}");
            foreach (var copy in copies)
            {
                Assert.Equal(($"{path}?request-id={id}", ConformanceGateway.GatewayAddress), (copy.Path, copy.Host));
                AssertEdited(@case, copy, edits);
            }
        }

        AssertEdited(@case, primary, edits);
    }

    [Theory]
    [InlineData("HTTPRouteRequestMirror/authority/1.27", "1.27", ConformanceGateway.GatewayAddress + "-shadow")]
    [InlineData("HTTPRouteRequestMirror/authority/1.28", "1.28", ConformanceGateway.GatewayAddress)]
    [InlineData("HTTPRouteRequestMirror/authority/1.30", "1.30", ConformanceGateway.GatewayAddress)]
    public async Task HTTPRouteRequestMirror_the_copy_is_shadow_suffixed_only_before_istio_1_28(string @case, string istio, string expectedAuthority)
    {
        var gateway = await gateways.GetAsync(Mirrors, istio: IstioVersion.Parse(istio), scripted: true);
        gateways.Random.Script();
        var id = Guid.NewGuid().ToString("N");

        using var response = await gateway.SendAsync("GET", $"/mirror?request-id={id}");

        var primary = await ConformanceExpect.BackendAsync(@case, response, "infra-backend-v1");
        var copy = Assert.Single(await gateway.Backends["infra-backend-v2"].WaitForAsync(r => r.Path.Contains(id), 1, MirrorWait, TestContext.Current.CancellationToken));
        Assert.True(copy.Host == expectedAuthority, $"{@case}: expected the copy's authority {expectedAuthority}, got {copy.Host}");
        // Negative: the primary keeps the client's authority.
        Assert.Equal(ConformanceGateway.GatewayAddress, primary.Host);
    }

    private static void AssertEdited(string @case, EchoedRequest echoed, bool edits)
    {
        if (!edits)
        {
            ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Set", null);
            return;
        }

        ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Add", "header-val-1");
        ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Add-Append", "append-val-1,header-val-2");
        ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Set", "set-overwrites-values");
        ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Remove", null);
    }
}
