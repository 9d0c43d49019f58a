namespace AmbientVerify.LocalMesh.Tests.Conformance;

/// <summary>
/// Which routes a gateway serves and what it answers for backends it cannot use, as the Gateway API conformance suite
/// checks them (v1.6.1 <c>httproute-simple-same-namespace</c>, <c>-named-rule</c>, <c>-multiple-gateways</c>,
/// <c>-cross-namespace</c>, <c>-invalid-cross-namespace-parent-ref</c>, <c>-invalid-parentref-*</c>,
/// <c>-invalid-nonexistent-backendref</c>, <c>-invalid-backendref-unknown-kind</c>,
/// <c>-invalid-cross-namespace-backend-ref</c>, <c>-reference-grant</c>, <c>-invalid-reference-grant</c>,
/// <c>-partially-invalid-via-invalid-reference-grant</c>, <c>-omitted-backendrefs</c>): an unattached route is not
/// served (404), a backend that cannot be used answers 500 (Istio: <c>cluster_not_found_response_code</c>, or a
/// direct 500 for a rule without backends, <c>conversion.go</c>).
/// </summary>
public sealed class AttachmentAndBackendConformanceTests(ConformanceGateways gateways) : IClassFixture<ConformanceGateways>
{
    private static string Route(string name, string ns, string parents, string rules) =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: {ns}}}\n"
        + $"spec:\n  parentRefs: {parents}\n  rules:\n{rules}---\n";

    private const string Infra = ConformanceBase.Infra;

    private static readonly Dictionary<string, (string Manifests, string Gateway)> Tests = new()
    {
        ["HTTPRouteSimpleSameNamespace"] = (Route("gateway-conformance-infra-test", Infra, "[{name: same-namespace}]",
            "  - backendRefs: [{name: infra-backend-v1, port: 8080}]\n"), ConformanceBase.SameNamespace),
        ["HTTPRouteNamedRule"] = (Route("http-named-rules", Infra, "[{name: same-namespace}]",
            "  - name: named-rule\n    matches: [{path: {type: PathPrefix, value: /named}}]\n    backendRefs: [{name: infra-backend-v1, port: 8080}]\n"
            + "  - matches: [{path: {type: PathPrefix, value: /unnamed}}]\n    backendRefs: [{name: infra-backend-v2, port: 8080}]\n"), ConformanceBase.SameNamespace),
        ["HTTPRouteCrossNamespace"] = (Route("cross-namespace", ConformanceBase.WebBackend, $"[{{name: backend-namespaces, namespace: {Infra}}}]",
            "  - backendRefs: [{name: web-backend, port: 8080}]\n"), "backend-namespaces"),
        ["HTTPRouteInvalidParentRefs"] = (
            Route("invalid-cross-namespace-parent-ref", ConformanceBase.WebBackend, $"[{{name: same-namespace, namespace: {Infra}}}]",
                "  - backendRefs: [{name: web-backend, port: 8080}]\n")
            + Route("httproute-listener-not-matching-route-port", Infra, $"[{{name: same-namespace, namespace: {Infra}, port: 81}}]",
                "  - backendRefs: [{name: infra-backend-v1, kind: Service, port: 8080}]\n")
            + Route("httproute-listener-not-matching-section-name", Infra, $"[{{name: same-namespace, namespace: {Infra}, port: 80, sectionName: http1}}]",
                "  - backendRefs: [{name: infra-backend-v1, kind: Service, port: 8080}]\n"), ConformanceBase.SameNamespace),
        ["HTTPRouteInvalidParentRefSectionNameNotMatchingPort"] = (
            $"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {{name: gateway-with-one-not-matching-port-and-section-name-route, namespace: {Infra}}}\n"
            + "spec:\n  gatewayClassName: istio\n  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {kinds: [{kind: HTTPRoute}], namespaces: {from: All}}}]\n---\n"
            + Route("httproute-listener-section-name-not-matching-port", Infra,
                $"[{{name: gateway-with-one-not-matching-port-and-section-name-route, namespace: {Infra}, sectionName: http, port: 81}}]",
                "  - backendRefs: [{name: infra-backend-v1, kind: Service, port: 8080}]\n"), "gateway-with-one-not-matching-port-and-section-name-route"),
        ["HTTPRouteInvalidNonExistentBackendRef"] = (Route("invalid-nonexistent-backend-ref", Infra, "[{name: same-namespace}]",
            $"  - backendRefs: [{{name: nonexistent, namespace: {Infra}, port: 8080}}]\n"), ConformanceBase.SameNamespace),
        ["HTTPRouteInvalidBackendRefUnknownKind"] = (Route("invalid-backend-ref-unknown-kind", Infra, "[{name: same-namespace}]",
            "  - backendRefs: [{group: unknownkind.example.com, kind: NonExistent, name: infra-backend-v1, port: 8080}]\n"), ConformanceBase.SameNamespace),
        ["HTTPRouteInvalidCrossNamespaceBackendRef"] = (Route("invalid-cross-namespace-backend-ref", Infra, "[{name: same-namespace}]",
            $"  - backendRefs: [{{name: web-backend, namespace: {ConformanceBase.WebBackend}, port: 8080}}]\n"), ConformanceBase.SameNamespace),
        ["HTTPRouteReferenceGrant"] = (
            $"apiVersion: gateway.networking.k8s.io/v1\nkind: ReferenceGrant\nmetadata: {{name: reference-grant, namespace: {ConformanceBase.WebBackend}}}\n"
            + $"spec:\n  from: [{{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: {Infra}}}]\n  to: [{{group: \"\", kind: Service, name: web-backend}}]\n---\n"
            + Route("reference-grant", Infra, "[{name: same-namespace}]",
                $"  - backendRefs: [{{name: web-backend, namespace: {ConformanceBase.WebBackend}, port: 8080}}]\n"), ConformanceBase.SameNamespace),
        ["HTTPRouteInvalidReferenceGrant"] = (
            string.Concat(new[]
            {
                ("reference-grant-wrong-namespace", Infra, "gateway.networking.k8s.io", "HTTPRoute", Infra, "\"\"", "Service", "web-backend"),
                ("reference-grant-wrong-from-group", ConformanceBase.WebBackend, "not-the-group-youre-looking-for", "HTTPRoute", Infra, "\"\"", "Service", "web-backend"),
                ("reference-grant-wrong-from-kind", ConformanceBase.WebBackend, "gateway.networking.k8s.io", "Gateway", Infra, "\"\"", "Service", "web-backend"),
                ("reference-grant-wrong-from-namespace", ConformanceBase.WebBackend, "gateway.networking.k8s.io", "HTTPRoute", "not-the-namespace-youre-looking-for", "\"\"", "Service", "web-backend"),
                ("reference-grant-wrong-to-group", ConformanceBase.WebBackend, "gateway.networking.k8s.io", "HTTPRoute", Infra, "not-the-group-youre-looking-for", "Service", "web-backend"),
                ("reference-grant-wrong-to-kind", ConformanceBase.WebBackend, "gateway.networking.k8s.io", "HTTPRoute", Infra, "\"\"", "Secret", "web-backend"),
                ("reference-grant-wrong-to-name", ConformanceBase.WebBackend, "gateway.networking.k8s.io", "HTTPRoute", Infra, "\"\"", "Service", "not-the-service-youre-looking-for"),
            }.Select(g =>
                $"apiVersion: gateway.networking.k8s.io/v1\nkind: ReferenceGrant\nmetadata: {{name: {g.Item1}, namespace: {g.Item2}}}\n"
                + $"spec:\n  from: [{{group: {g.Item3}, kind: {g.Item4}, namespace: {g.Item5}}}]\n  to: [{{group: {g.Item6}, kind: {g.Item7}, name: {g.Item8}}}]\n---\n"))
            + Route("reference-grant", Infra, "[{name: same-namespace}]",
                $"  - backendRefs: [{{name: web-backend, namespace: {ConformanceBase.WebBackend}, port: 8080}}]\n"), ConformanceBase.SameNamespace),
        ["HTTPRoutePartiallyInvalidViaInvalidReferenceGrant"] = (
            $"apiVersion: gateway.networking.k8s.io/v1\nkind: ReferenceGrant\nmetadata: {{name: invalid-reference-grant, namespace: {ConformanceBase.AppBackend}}}\n"
            + $"spec:\n  from: [{{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: {Infra}}}]\n  to: [{{group: \"\", kind: Service, name: app-backend-v1}}]\n---\n"
            + Route("invalid-reference-grant", Infra, "[{name: same-namespace}]",
                $"  - matches: [{{path: {{type: PathPrefix, value: /v2}}}}]\n    backendRefs: [{{name: app-backend-v2, namespace: {ConformanceBase.AppBackend}, port: 8080}}]\n"
                + $"  - backendRefs: [{{name: app-backend-v1, namespace: {ConformanceBase.AppBackend}, port: 8080}}]\n"), ConformanceBase.SameNamespace),
        ["HTTPRouteNoBackendRefs"] = (Route("omitted-backendrefs", Infra, "[{name: same-namespace}]",
            "  - matches: [{path: {type: Exact, value: /omitted-no-forward}}]\n"
            + "  - matches: [{path: {type: Exact, value: /empty-no-forward}}]\n    backendRefs: []\n"
            + "  - matches: [{path: {type: PathPrefix, value: /}}]\n    backendRefs: [{name: infra-backend-v1, port: 8080}]\n"), ConformanceBase.SameNamespace),
        ["HTTPRouteMultipleGateways"] = (
            Route("multiple-gateways-shared-route", Infra, "[{name: same-namespace}, {name: all-namespaces}]",
                "  - matches: [{path: {type: PathPrefix, value: /shared}}]\n    backendRefs: [{name: infra-backend-v1, port: 8080}]\n")
            + Route("same-namespace-dedicated-route", Infra, "[{name: same-namespace}]",
                "  - matches: [{path: {type: PathPrefix, value: /}}]\n    backendRefs: [{name: infra-backend-v2, port: 8080}]\n")
            + Route("all-namespaces-dedicated-route", Infra, "[{name: all-namespaces}]",
                "  - matches: [{path: {type: PathPrefix, value: /}}]\n    backendRefs: [{name: infra-backend-v3, port: 8080}]\n"), ""),
    };

    /// <param name="test">The upstream test whose manifests the gateway serves.</param>
    /// <param name="gateway">The gateway to emulate; "" = the test's own.</param>
    [Theory]
    [InlineData("HTTPRouteSimpleSameNamespace/0", "HTTPRouteSimpleSameNamespace", "", "/", "infra-backend-v1")]
    [InlineData("HTTPRouteNamedRule/0", "HTTPRouteNamedRule", "", "/named", "infra-backend-v1")]
    [InlineData("HTTPRouteNamedRule/1", "HTTPRouteNamedRule", "", "/unnamed", "infra-backend-v2")]
    // Negative (ours): neither rule covers another path.
    [InlineData("HTTPRouteNamedRule/-", "HTTPRouteNamedRule", "", "/other", "404")]
    [InlineData("HTTPRouteMultipleGateways/same-namespace/0", "HTTPRouteMultipleGateways", "same-namespace", "/shared", "infra-backend-v1")]
    [InlineData("HTTPRouteMultipleGateways/same-namespace/1", "HTTPRouteMultipleGateways", "same-namespace", "/", "infra-backend-v2")]
    [InlineData("HTTPRouteMultipleGateways/all-namespaces/0", "HTTPRouteMultipleGateways", "all-namespaces", "/shared", "infra-backend-v1")]
    [InlineData("HTTPRouteMultipleGateways/all-namespaces/1", "HTTPRouteMultipleGateways", "all-namespaces", "/", "infra-backend-v3")]
    [InlineData("HTTPRouteCrossNamespace/0", "HTTPRouteCrossNamespace", "", "/", "web-backend")]
    // Negative: a route the listener does not accept (namespace not allowed, port 81, sectionName http1) is not served.
    [InlineData("HTTPRouteInvalidCrossNamespaceParentRef/0", "HTTPRouteInvalidParentRefs", "", "/", "404")]
    [InlineData("HTTPRouteInvalidParentRefNotMatchingListenerPort/0", "HTTPRouteInvalidParentRefs", "", "/", "404")]
    [InlineData("HTTPRouteInvalidParentRefNotMatchingSectionName/0", "HTTPRouteInvalidParentRefs", "", "/", "404")]
    [InlineData("HTTPRouteInvalidParentRefSectionNameNotMatchingPort/0", "HTTPRouteInvalidParentRefSectionNameNotMatchingPort", "", "/", "404")]
    // Negative: a backend that cannot be used is a 500, never another backend.
    [InlineData("HTTPRouteInvalidNonExistentBackendRef/0", "HTTPRouteInvalidNonExistentBackendRef", "", "/", "500")]
    [InlineData("HTTPRouteInvalidBackendRefUnknownKind/0", "HTTPRouteInvalidBackendRefUnknownKind", "", "/v2", "500")]
    [InlineData("HTTPRouteInvalidCrossNamespaceBackendRef/0", "HTTPRouteInvalidCrossNamespaceBackendRef", "", "/", "500")]
    [InlineData("HTTPRouteReferenceGrant/0", "HTTPRouteReferenceGrant", "", "/", "web-backend")]
    // Negative: a grant in the wrong namespace, or naming another group, kind, namespace or name, permits nothing.
    [InlineData("HTTPRouteInvalidReferenceGrant/0", "HTTPRouteInvalidReferenceGrant", "", "/", "500")]
    [InlineData("HTTPRoutePartiallyInvalidViaInvalidReferenceGrant/0", "HTTPRoutePartiallyInvalidViaInvalidReferenceGrant", "", "/v2", "500")]
    [InlineData("HTTPRoutePartiallyInvalidViaInvalidReferenceGrant/1", "HTTPRoutePartiallyInvalidViaInvalidReferenceGrant", "", "/", "app-backend-v1")]
    [InlineData("HTTPRouteNoBackendRefs/0", "HTTPRouteNoBackendRefs", "", "/forward", "infra-backend-v1")]
    [InlineData("HTTPRouteNoBackendRefs/1", "HTTPRouteNoBackendRefs", "", "/omitted-no-forward", "500")]
    [InlineData("HTTPRouteNoBackendRefs/2", "HTTPRouteNoBackendRefs", "", "/empty-no-forward", "500")]
    public async Task HTTPRouteAttachmentAndBackends(string @case, string test, string gateway, string path, string expected)
    {
        var (manifests, own) = Tests[test];
        var served = await gateways.GetAsync(manifests, gateway.Length > 0 ? gateway : own);

        var before = ConformanceBase.Services.Sum(s => served.Backends[s.Service].Received.Count);

        using var response = await served.SendAsync("GET", path);

        await ConformanceExpect.AnswerAsync(@case, response, expected);
        var reached = ConformanceBase.Services.Sum(s => served.Backends[s.Service].Received.Count) - before;
        Assert.True(reached == (expected is "404" or "500" ? 0 : 1), $"{@case}: {reached} backend(s) saw the request");
    }
}
